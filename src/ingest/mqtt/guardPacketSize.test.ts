import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardPacketSize } from './guardPacketSize.ts';

/** MQTT fixed header: type byte + variable-length remaining length. */
function header(type: number, length: number): Buffer {
  const bytes = [type];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

function feed(chunks: Buffer[], max: number): { passed: Buffer; destroyed: boolean } {
  const socket = new PassThrough();
  const guarded = guardPacketSize(socket as unknown as Socket, max);
  const out: Buffer[] = [];
  guarded.on('error', () => undefined);
  for (const c of chunks) {
    socket.emit('data', c);
    for (let b = guarded.read() as Buffer | null; b !== null; b = guarded.read() as Buffer | null)
      out.push(b);
  }
  return { passed: Buffer.concat(out), destroyed: guarded.destroyed };
}

describe('guardPacketSize', () => {
  it('passes packets within the limit, even with headers split across chunks', () => {
    const p1 = Buffer.concat([header(0x30, 200), Buffer.alloc(200, 1)]);
    const p2 = Buffer.concat([header(0x32, 1000), Buffer.alloc(1000, 2)]);
    const all = Buffer.concat([p1, p2, header(0xc0, 0)]);
    // Cut inside p2's two-byte length and inside its body.
    const cuts = [0, 150, p1.length + 2, p1.length + 500, all.length];
    const chunks = cuts.slice(1).map((end, i) => all.subarray(cuts[i], end));
    const { passed, destroyed } = feed(chunks, 1000);
    expect(destroyed).toBe(false);
    expect(passed.equals(all)).toBe(true);
  });

  it('disconnects a client announcing a packet over the limit before its body arrives', () => {
    const ok = Buffer.concat([header(0x30, 10), Buffer.alloc(10)]);
    const { passed, destroyed } = feed([ok, header(0x32, 1001)], 1000);
    expect(destroyed).toBe(true);
    expect(passed.equals(ok)).toBe(true);
  });

  it('disconnects on a remaining length longer than four bytes', () => {
    expect(feed([Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])], 1e9).destroyed).toBe(true);
  });

  it('writes what was written while the socket was busy in one call, in order', async () => {
    const written: Buffer[] = [];
    const pendingCallbacks: (() => void)[] = [];
    // A socket whose writes complete only when the test says so.
    const socket = Object.assign(new PassThrough(), {
      write(chunk: Buffer, callback: () => void) {
        written.push(Buffer.from(chunk));
        pendingCallbacks.push(callback);
        return true;
      },
    });
    const guarded = guardPacketSize(socket as unknown as Socket);
    guarded.write(Buffer.from('a'));
    guarded.write(Buffer.from('bc'));
    guarded.write(Buffer.from('d'));
    expect(written.map(String)).toEqual(['a']);
    pendingCallbacks.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.map(String)).toEqual(['a', 'bcd']);
  });
});
