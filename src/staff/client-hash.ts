// Telling clients apart for 热门问题 without storing who they are (issue #16).
// The app hands each logged question the client's key (on Node the connection's
// address) through a DailyClientHasher: SHA-256 of a random 32-byte salt and the
// key, cut to 16 hex digits. The salt is drawn in memory for each day (China
// time) and dropped at midnight, never written anywhere, so the stored hash
// tells neither the address (the salt cannot be guessed, so the 2^32 IPv4
// addresses cannot be tried) nor who asked on another day (each day's hash of
// one address differs), yet counts one client once per day. A restart draws a
// new salt: a client asking before and after it counts twice that day.
// SHA-256 is written out here (FIPS 180-4) because Web Crypto's digest is
// asynchronous and the answer path logs synchronously; Node and Workers run it
// alike. Checked against node:crypto in tests/staff/popular-log.test.ts.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Uint32Array(64);

/** SHA-256 of `data`: the 32-byte digest. */
export function sha256(data: Uint8Array): Uint8Array {
  // The message, a 1 bit, zeros, and its length in bits (64-bit big-endian), in 64-byte blocks.
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bits >>> 0);
  let h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a, h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = W[i - 15];
      const w2 = W[i - 2];
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + W[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((word, i) => outView.setUint32(i * 4, word >>> 0));
  return out;
}

const DAY_MS = 86_400_000;
/** China Standard Time: the portal's day begins at 16:00 UTC. */
const CHINA_OFFSET_MS = 8 * 3600_000;
/** Clients remembered per day (their hashes only spare the SHA-256); beyond it the memo starts afresh. */
const MEMO_SIZE = 4096;
/** Hex digits kept: 64 bits, so two clients of one day practically never share a hash. */
export const CLIENT_HASH_HEX = 16;

const utf8 = new TextEncoder();

/** Hashes client keys with a salt drawn at random for each day and forgotten when the day ends. */
export class DailyClientHasher {
  private dayStart = NaN;
  private salt = new Uint8Array(32);
  private memo = new Map<string, string>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The client's hash for today, or null without a key (such asks count as no client). */
  hash(clientKey: string | undefined | null): string | null {
    if (!clientKey) return null;
    const t = this.now();
    if (!(t >= this.dayStart && t < this.dayStart + DAY_MS)) this.rotate(t);
    let hashed = this.memo.get(clientKey);
    if (hashed === undefined) {
      const key = utf8.encode(clientKey);
      const input = new Uint8Array(this.salt.length + key.length);
      input.set(this.salt);
      input.set(key, this.salt.length);
      const digest = sha256(input);
      hashed = '';
      for (let i = 0; i < CLIENT_HASH_HEX / 2; i++) hashed += digest[i].toString(16).padStart(2, '0');
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(clientKey, hashed);
    }
    return hashed;
  }

  /** A new day: a new random salt; the old one and every hash made with it are dropped. */
  private rotate(t: number): void {
    this.dayStart = Math.floor((t + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
    this.salt = crypto.getRandomValues(new Uint8Array(32));
    this.memo = new Map();
  }
}
