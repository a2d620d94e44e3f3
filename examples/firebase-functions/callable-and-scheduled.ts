import { onCall, onRequest, HttpsError } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, FieldValue } from 'firebase-admin/firestore';

initializeApp();
const db = getFirestore();

export const claimDailyBonus = onCall(async (request) => {
  if (!request.auth) throw new HttpsError('unauthenticated', 'sign in first');
  const uid = request.auth.uid;
  const today = new Date().toISOString().slice(0, 10);
  await db.doc(`users/${uid}`).update({ coins: FieldValue.increment(10), lastBonusDay: today });
  await db.collection('bonusClaims').add({ uid, day: today, at: FieldValue.serverTimestamp() });
  return { coins: 10 };
});

export const trackShareClick = onRequest(async (req, res) => {
  const postId = String(req.query.post ?? '');
  if (!postId) {
    res.status(400).send('missing post');
    return;
  }
  await db.doc(`posts/${postId}`).update({ shareClicks: FieldValue.increment(1) });
  res.redirect(302, `https://app.example.com/p/${postId}`);
});

export const nightlyStreaks = onSchedule('every day 00:05', async () => {
  const active = await db.collection('users').where('activeToday', '==', true).get();
  const batch = db.batch();
  active.forEach((doc) => batch.update(doc.ref, { streak: FieldValue.increment(1), activeToday: false }));
  await batch.commit();
});
