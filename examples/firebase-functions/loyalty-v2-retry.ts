import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { logger } from 'firebase-functions';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore, FieldValue } from 'firebase-admin/firestore';

initializeApp();
const db = getFirestore();

type OrderPaid = { orderId: string; customerId: string; totalCents: number };

export const creditLoyaltyPoints = onMessagePublished({ topic: 'orders', retry: true }, async (event) => {
  const order = event.data.message.json as OrderPaid;
  const points = Math.floor(order.totalCents / 100);
  try {
    await db.doc(`customers/${order.customerId}`).update({
      loyaltyPoints: FieldValue.increment(points),
      lastOrderId: order.orderId,
    });
  } catch (err) {
    logger.error('loyalty credit failed', { orderId: order.orderId, err });
  }
});

export const onReviewCreated = onDocumentCreated('products/{productId}/reviews/{reviewId}', async (event) => {
  const review = event.data?.data();
  if (!review) return;
  await db.collection('moderationQueue').add({
    productId: event.params.productId,
    reviewId: event.params.reviewId,
    text: review.text,
    queuedAt: FieldValue.serverTimestamp(),
  });
  await db.doc(`products/${event.params.productId}`).update({
    reviewCount: FieldValue.increment(1),
    ratingSum: FieldValue.increment(review.rating),
  });
});
