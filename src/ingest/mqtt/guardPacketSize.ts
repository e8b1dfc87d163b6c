import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Largest MQTT packet the embedded broker reads (default 1 MiB): over-limit payloads up to this are rejected and recorded. */
export const DEFAULT_MAX_PACKET_BYTES = 1024 * 1024;

/**
 * Wraps a broker socket so a client announcing a packet longer than `maxBytes` is disconnected before the
 * packet is buffered (aedes itself accepts MQTT's 256 MB maximum). Only the fixed headers are parsed;
 * packet bodies are skipped arithmetically, so the cost per chunk is tiny.
 */
export function guardPacketSize(socket: Socket, maxBytes = DEFAULT_MAX_PACKET_BYTES): Duplex {
  let state: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let remaining = 0;

  /** False when the stream announces an over-limit or malformed packet length. */
  const scan = (chunk: Buffer): boolean => {
    let i = 0;
    while (i < chunk.length) {
      if (state === 'type') {
        i += 1;
        state = 'length';
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
      } else if (state === 'length') {
        const b = chunk[i]!;
        i += 1;
        length += (b & 0x7f) * multiplier;
        multiplier *= 128;
        lengthBytes += 1;
        if (b & 0x80) {
          if (lengthBytes >= 4) return false;
        } else {
          if (length > maxBytes) return false;
          remaining = length;
          state = remaining > 0 ? 'body' : 'type';
        }
      } else {
        const skip = Math.min(remaining, chunk.length - i);
        i += skip;
        remaining -= skip;
        if (remaining === 0) state = 'type';
      }
    }
    return true;
  };

  const guarded: Duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _encoding, callback) {
      socket.write(chunk, callback);
    },
    // aedes writes each packet in pieces (a PUBACK is two writes); whatever it wrote while the socket was
    // busy leaves in one system call.
    writev(chunks, callback) {
      socket.write(
        chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)),
        callback,
      );
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!scan(chunk)) {
      guarded.destroy();
      return;
    }
    if (!guarded.push(chunk)) socket.pause();
  });
  socket.on('end', () => guarded.push(null));
  socket.on('error', (error) => guarded.destroy(error));
  socket.on('close', () => guarded.destroy());
  return guarded;
}
