const functions = require('firebase-functions/v1');
const admin = require('firebase-admin');
const { FieldValue } = require('firebase-admin/firestore');
const sgMail = require('@sendgrid/mail');

admin.initializeApp();
sgMail.setApiKey(process.env.SENDGRID_API_KEY);
const db = admin.firestore();

exports.onLikeCreated = functions.firestore
  .document('posts/{postId}/likes/{uid}')
  .onCreate(async (snap, context) => {
    const { postId, uid } = context.params;
    const marker = db.doc(`processedEvents/${context.eventId}`);
    await db.runTransaction(async (tx) => {
      if ((await tx.get(marker)).exists) return;
      tx.create(marker, { fn: 'onLikeCreated', at: FieldValue.serverTimestamp() });
      tx.update(db.doc(`posts/${postId}`), { likeCount: FieldValue.increment(1) });
      tx.set(db.doc(`users/${uid}/stats/engagement`), { likesGiven: FieldValue.increment(1) }, { merge: true });
    });
  });

exports.onOrderPlaced = functions
  .runWith({ failurePolicy: true, secrets: ['SENDGRID_API_KEY'] })
  .firestore.document('orders/{orderId}')
  .onCreate(async (snap, context) => {
    const order = snap.data();
    const sent = db.doc(`processedEvents/${context.eventId}`);
    if ((await sent.get()).exists) {
      functions.logger.info(`confirmation for ${context.params.orderId} already sent (event ${context.eventId})`);
      return;
    }
    await sgMail.send({
      to: order.customerEmail,
      from: 'orders@bakery.example.com',
      subject: `Order ${context.params.orderId} confirmed`,
      text: `Thanks! Pickup on ${order.pickupDate}.`,
    });
    await sent.set({ fn: 'onOrderPlaced', orderId: context.params.orderId, at: FieldValue.serverTimestamp() });
  });
