import { WebSocketServer, type WebSocket } from 'ws';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const rooms = mongo.db('chat').collection<{ _id: string; messageCount: number }>('rooms');
const wss = new WebSocketServer({ port: Number(process.env.WS_PORT ?? 8080) });

type ChatFrame = { roomId: string; text: string };

wss.on('connection', (socket: WebSocket) => {
  let framesFromClient = 0;
  socket.on('message', async (data) => {
    framesFromClient += 1;
    const frame = JSON.parse(data.toString()) as ChatFrame;
    await rooms.updateOne({ _id: frame.roomId }, { $inc: { messageCount: 1 } }, { upsert: true });
    for (const client of wss.clients) {
      if (client !== socket && client.readyState === client.OPEN) client.send(JSON.stringify(frame));
    }
  });
  socket.on('close', () => console.debug(`socket closed after ${framesFromClient} frames`));
});
