import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, textToBase64 } from './base64.js';

describe('base64', () => {
  it('round-trips any bytes, including large buffers', () => {
    // More than one 32 KiB chunk of the encoder.
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('encodes text as UTF-8', () => {
    expect(textToBase64('é\r')).toBe(Buffer.from('é\r').toString('base64'));
  });
});
