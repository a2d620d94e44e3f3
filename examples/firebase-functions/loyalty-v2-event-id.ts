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
  const marker = db.doc(`processedEvents/${event.id}`);
  await db.runTransaction(async (tx) => {
    const seen = await tx.get(marker);
    if (seen.exists) {
      logger.info('duplicate orders event', { eventId: event.id });
      return;
    }
    tx.create(marker, { handler: 'creditLoyaltyPoints', at: FieldValue.serverTimestamp() });
    tx.update(db.doc(`customers/${order.customerId}`), {
      loyaltyPoints: FieldValue.increment(points),
      lastOrderId: order.orderId,
    });
  });
});

export const onReviewCreated = onDocumentCreated('products/{productId}/reviews/{reviewId}', async (event) => {
  const review = event.data?.data();
  if (!review) return;
  const { productId, reviewId } = event.params;
  await db.runTransaction(async (tx) => {
    const marker = db.doc(`processedEvents/${event.id}`);
    if ((await tx.get(marker)).exists) return;
    tx.create(marker, { handler: 'onReviewCreated', at: FieldValue.serverTimestamp() });
    tx.set(db.doc(`moderationQueue/${reviewId}`), { productId, reviewId, text: review.text });
    tx.update(db.doc(`products/${productId}`), {
      reviewCount: FieldValue.increment(1),
      ratingSum: FieldValue.increment(review.rating),
    });
  });
});
