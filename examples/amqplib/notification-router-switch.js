const amqp = require('amqplib');
const { SESv2Client, SendEmailCommand } = require('@aws-sdk/client-sesv2');
const twilio = require('twilio');

const ses = new SESv2Client({});
const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

async function start() {
  const conn = await amqp.connect(process.env.AMQP_URL);
  const channel = await conn.createChannel();
  await channel.assertExchange('notifications', 'topic', { durable: true });
  const { queue } = await channel.assertQueue('notification-router', { durable: true });
  await channel.bindQueue(queue, 'notifications', 'notify.*');

  await channel.consume(queue, async (msg) => {
    if (msg === null) return;
    const note = JSON.parse(msg.content.toString());
    switch (msg.fields.routingKey) {
      case 'notify.email':
        await ses.send(new SendEmailCommand({
          FromEmailAddress: 'no-reply@example.com',
          Destination: { ToAddresses: [note.to] },
          Content: { Simple: { Subject: { Data: note.subject }, Body: { Text: { Data: note.text } } } },
        }));
        channel.ack(msg);
        break;
      case 'notify.sms':
        channel.ack(msg);
        await sms.messages.create({ to: note.to, from: process.env.TWILIO_FROM, body: note.text });
        break;
      default:
        console.warn('unroutable notification', msg.fields.routingKey);
        channel.nack(msg, false, false);
    }
  });
}

module.exports = { start };
