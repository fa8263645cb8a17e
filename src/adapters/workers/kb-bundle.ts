// The knowledge base as the Worker loads it: one binary file (`kb.bin`) that
// `npm run build:worker` writes from the knowledge-base file and the Worker
// imports as a data module. It holds a whole KnowledgeBaseBuild, serialised
// generically — plain objects, arrays, Maps, Sets and typed arrays at any depth
// — so fields added to the build later travel without changes here; a value it
// cannot represent (a class instance, a function) fails the build loudly.
//
// Layout: "PQKB" + u32 format (1) + u32 JSON length + JSON (UTF-8), zero-padded
// to 8 bytes, then the binary section. The JSON is the build with every
// non-JSON value replaced by a tagged object; typed arrays and Maps of
// Uint8Array (the posting lists) point into the binary section, 8-byte aligned,
// and are read back as views on it (no copies). No I/O, no runtime imports.

const MAGIC = 0x424b5150; // "PQKB" little-endian
const BUNDLE_FORMAT = 1;
const HEADER_BYTES = 12;

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/** Tags of encoded values; an object is a tag when its one key is one of these. */
type Encoded =
  | { $ta: TypedArrayName; o: number; n: number } // typed array at binary offset o, n elements
  | { $mb: unknown[]; o: number; lens: number } // Map<K, Uint8Array>: keys, values back to back from o, lengths at binary offset `lens` (Uint32)
  | { $m: [unknown, unknown][] } // other Map
  | { $s: unknown[] } // Set
  | { $o: Record<string, unknown> } // plain object with keys starting with "$"
  | { $u: 1 } // undefined
  | { $n: 'NaN' | 'Infinity' | '-Infinity' } // non-finite number
  | { $b: string } // bigint
  | { $d: string }; // Date

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (Object.getPrototypeOf(value) === TYPED_ARRAYS[name].prototype) return name;
  }
  // Node's Buffer is a Uint8Array subclass.
  return value instanceof Uint8Array ? 'Uint8Array' : null;
}

class BinaryWriter {
  private chunks: Uint8Array[] = [];
  length = 0;

  /** Appends bytes at an 8-byte-aligned offset and returns it. */
  add(bytes: Uint8Array): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) this.push(new Uint8Array(pad));
    const at = this.length;
    this.push(bytes);
    return at;
  }

  private push(bytes: Uint8Array) {
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
  }

  /** Appends several byte strings back to back (aligned once) and returns where the first starts. */
  addAll(parts: Uint8Array[]): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) this.push(new Uint8Array(pad));
    const at = this.length;
    for (const p of parts) this.push(p);
    return at;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

const bytesOf = (a: AnyTypedArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, bin: BinaryWriter, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { $n: String(value) };
    case 'undefined':
      return { $u: 1 };
    case 'bigint':
      return { $b: value.toString() };
    case 'object':
      break;
    default:
      throw new Error(`kb bundle: cannot serialise a ${typeof value} at ${path}`);
  }
  if (value === null) return null;
  const ta = typedArrayName(value);
  if (ta) {
    const a = value as AnyTypedArray;
    return { $ta: ta, o: bin.add(bytesOf(a)), n: a.length };
  }
  if (Array.isArray(value)) return value.map((v, i) => encode(v, bin, `${path}[${i}]`));
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.length > 0 && entries.every(([, v]) => typedArrayName(v) === 'Uint8Array')) {
      const values = entries.map(([, v]) => v as Uint8Array);
      const lens = bin.add(bytesOf(Uint32Array.from(values, (v) => v.byteLength)));
      const o = bin.addAll(values);
      return { $mb: entries.map(([k], i) => encode(k, bin, `${path}.key[${i}]`)), o, lens };
    }
    return { $m: entries.map(([k, v], i) => [encode(k, bin, `${path}.key[${i}]`), encode(v, bin, `${path}.get(${String(k)})`)]) };
  }
  if (value instanceof Set) return { $s: [...value].map((v, i) => encode(v, bin, `${path}{${i}}`)) };
  if (value instanceof Date) return { $d: value.toISOString() };
  if (!isPlainObject(value)) {
    throw new Error(`kb bundle: cannot serialise a ${value.constructor?.name ?? 'object'} at ${path}`);
  }
  const out: Record<string, unknown> = {};
  let escaped = false;
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) escaped = true;
    out[k] = encode(v, bin, `${path}.${k}`);
  }
  return escaped ? { $o: out } : out;
}

function decode(value: unknown, bin: ArrayBuffer, base: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decode(v, bin, base));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const tag = keys.find((k) => k.startsWith('$'));
  if (tag === undefined) {
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decode(obj[k], bin, base);
    return out;
  }
  const e = obj as Encoded;
  if ('$ta' in e) return new TYPED_ARRAYS[e.$ta](bin, base + e.o, e.n);
  if ('$mb' in e) {
    const lens = new Uint32Array(bin, base + e.lens, e.$mb.length);
    const map = new Map<unknown, Uint8Array>();
    let at = base + e.o;
    e.$mb.forEach((k, i) => {
      map.set(decode(k, bin, base), new Uint8Array(bin, at, lens[i]));
      at += lens[i];
    });
    return map;
  }
  if ('$m' in e) return new Map(e.$m.map(([k, v]) => [decode(k, bin, base), decode(v, bin, base)]));
  if ('$s' in e) return new Set(e.$s.map((v) => decode(v, bin, base)));
  if ('$o' in e) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.$o)) out[k] = decode(v, bin, base);
    return out;
  }
  if ('$u' in e) return undefined;
  if ('$n' in e) return Number(e.$n);
  if ('$b' in e) return BigInt(e.$b);
  if ('$d' in e) return new Date(e.$d);
  throw new Error(`kb bundle: unknown tag ${tag}`);
}

/** Serialises a value (a KnowledgeBaseBuild) into one byte string. */
export function serializeBundle(value: unknown): Uint8Array {
  const bin = new BinaryWriter();
  const json = new TextEncoder().encode(JSON.stringify(encode(value, bin, 'build')));
  const jsonEnd = HEADER_BYTES + json.byteLength;
  const base = jsonEnd + ((8 - (jsonEnd % 8)) % 8);
  const binary = bin.bytes();
  const out = new Uint8Array(base + binary.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, BUNDLE_FORMAT, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, HEADER_BYTES);
  out.set(binary, base);
  return out;
}

/**
 * Reads a bundle back. Typed arrays are views on `bytes`' buffer (copied once
 * first if `bytes` is not 8-byte aligned), so keep it alive and unmodified.
 */
export function deserializeBundle<T>(bytes: ArrayBuffer | Uint8Array): T {
  let buf: ArrayBuffer;
  let start: number;
  if (bytes instanceof Uint8Array) {
    if (bytes.byteOffset % 8 === 0 && bytes.buffer instanceof ArrayBuffer) {
      buf = bytes.buffer;
      start = bytes.byteOffset;
    } else {
      buf = bytes.slice().buffer;
      start = 0;
    }
  } else {
    buf = bytes;
    start = 0;
  }
  const view = new DataView(buf, start);
  if (view.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error('kb bundle: not a policy-qa knowledge-base bundle');
  const format = view.getUint32(4, true);
  if (format !== BUNDLE_FORMAT) throw new Error(`kb bundle: format ${format}, this version reads ${BUNDLE_FORMAT}; re-run npm run build:worker`);
  const jsonLength = view.getUint32(8, true);
  const json = new TextDecoder().decode(new Uint8Array(buf, start + HEADER_BYTES, jsonLength));
  const jsonEnd = HEADER_BYTES + jsonLength;
  const base = start + jsonEnd + ((8 - (jsonEnd % 8)) % 8);
  return decode(JSON.parse(json), buf, base) as T;
}
