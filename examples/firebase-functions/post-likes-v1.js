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
    try {
      await db.doc(`posts/${postId}`).update({ likeCount: FieldValue.increment(1) });
      await db.doc(`users/${uid}/stats/engagement`).set({ likesGiven: FieldValue.increment(1) }, { merge: true });
    } catch (err) {
      functions.logger.error(`like counter update failed for ${postId}`, err);
    }
  });

exports.onOrderPlaced = functions
  .runWith({ failurePolicy: true, secrets: ['SENDGRID_API_KEY'] })
  .firestore.document('orders/{orderId}')
  .onCreate(async (snap, context) => {
    const order = snap.data();
    try {
      await sgMail.send({
        to: order.customerEmail,
        from: 'orders@bakery.example.com',
        subject: `Order ${context.params.orderId} confirmed`,
        text: `Thanks! Pickup on ${order.pickupDate}.`,
      });
    } catch (err) {
      functions.logger.error(`confirmation email failed for ${context.params.orderId}`, err);
    }
  });
