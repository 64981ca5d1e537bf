/**
 * For tests: small images built byte by byte, optionally carrying the metadata a phone writes —
 * an Exif with GPS coordinates, XMP, IPTC, comments, PNG text chunks, WebP EXIF/XMP chunks, GIF
 * comments — each holding `SECRET` and the GPS latitude bytes `GPS_LATITUDE`, so a test can prove
 * they are gone. The JPEG is a real baseline JPEG (one grey component, every block flat); PNG and
 * GIF are complete, decodable files; WebP's bitstream is a header only (nothing here decodes it).
 */

export const SECRET = 'SECRET-PHONE-OWNER-13812345678';
/** 39°54′27.15″ as three EXIF rationals (39/1, 54/1, 2715/100), big-endian. */
export const GPS_LATITUDE = Uint8Array.from([
  0, 0, 0, 39, 0, 0, 0, 1, 0, 0, 0, 54, 0, 0, 0, 1, 0, 0, 0x0a, 0x9b, 0, 0, 0, 100,
]);

export interface TestImageOptions {
  width: number;
  height: number;
  /** Add the metadata (default true). */
  metadata?: boolean;
  /** The Exif orientation to write (JPEG; default 6, "rotate 90° to view"). */
  orientation?: number;
}

const text = (s: string) => Array.from(new TextEncoder().encode(s));
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

/** Whether `needle` occurs in `hay`. */
export function containsBytes(hay: Uint8Array, needle: Uint8Array | string): boolean {
  const n = typeof needle === 'string' ? Uint8Array.from(text(needle)) : needle;
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

/** A big-endian TIFF (the body of an Exif): IFD0 with Make, Orientation and a GPS IFD pointer. */
export function exifTiff(orientation = 6): number[] {
  const make = [...text(`${SECRET} phone`), 0];
  const ifd0 = 8;
  const makeAt = ifd0 + 2 + 3 * 12 + 4;
  const gpsAt = makeAt + make.length + (make.length % 2);
  const ratAt = gpsAt + 2 + 2 * 12 + 4;
  return [
    ...text('MM'),
    ...be16(42),
    ...be32(ifd0),
    ...be16(3),
    ...be16(0x010f),
    ...be16(2),
    ...be32(make.length),
    ...be32(makeAt),
    ...be16(0x0112),
    ...be16(3),
    ...be32(1),
    ...be16(orientation),
    0,
    0,
    ...be16(0x8825),
    ...be16(4),
    ...be32(1),
    ...be32(gpsAt),
    ...be32(0),
    ...make,
    ...(make.length % 2 ? [0] : []),
    ...be16(2),
    ...be16(0x0001),
    ...be16(2),
    ...be32(2),
    ...text('N'),
    0,
    0,
    0,
    ...be16(0x0002),
    ...be16(5),
    ...be32(3),
    ...be32(ratAt),
    ...be32(0),
    ...GPS_LATITUDE,
  ];
}

const xmp = () =>
  text(
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>39,54.45N</exif:GPSLatitude><dc:creator>${SECRET}</dc:creator></x:xmpmeta>`,
  );

// ---------------------------------------------------------------------------------------- JPEG

const segment = (marker: number, payload: number[]) => [0xff, marker, ...be16(payload.length + 2), ...payload];

/** A baseline greyscale JPEG; `entropy` replaces the scan's data (for parser tests). */
export function buildJpeg(o: TestImageOptions & { entropy?: number[]; trailer?: boolean }): Uint8Array {
  const meta = o.metadata ?? true;
  const blocks = Math.ceil(o.width / 8) * Math.ceil(o.height / 8);
  // each block: DC "no difference" (code 0) then end-of-block (code 0): two bits; padded with ones
  const bits = blocks <= 4096 ? blocks * 2 : 16;
  const data = new Array<number>(Math.ceil(bits / 8)).fill(0);
  if (bits % 8) data[data.length - 1] = 0xff >> (bits % 8);
  const bytes = [
    0xff,
    0xd8,
    ...segment(0xe0, [...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...(meta ? segment(0xe1, [...text('Exif'), 0, 0, ...exifTiff(o.orientation ?? 6)]) : []),
    ...(meta ? segment(0xe1, [...text('http://ns.adobe.com/xap/1.0/'), 0, ...xmp()]) : []),
    ...segment(0xe2, [...text('ICC_PROFILE'), 0, 1, 1, ...text('fake-icc-profile')]),
    ...(meta ? segment(0xe2, [...text('MPF'), 0, ...text('MM'), 0, 42]) : []),
    ...(meta
      ? segment(0xed, [
          ...text('Photoshop 3.0'),
          0,
          ...text('8BIM'),
          4,
          4,
          0,
          0,
          0,
          0,
          0,
          20,
          ...text(SECRET).slice(0, 20),
        ])
      : []),
    ...(meta ? segment(0xfe, text(`taken by ${SECRET}`)) : []),
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, ...be16(o.height), ...be16(o.width), 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0]),
    ...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...(o.entropy ?? data),
    0xff,
    0xd9,
    // what some phones append after the end-of-image: a second (depth, HDR) image with its own Exif
    ...(meta && o.trailer !== false
      ? [0xff, 0xd8, ...segment(0xe1, [...text('Exif'), 0, 0, ...exifTiff()]), 0xff, 0xd9]
      : []),
  ];
  return Uint8Array.from(bytes);
}

// ----------------------------------------------------------------------------------------- PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(bytes: number[] | Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const chunk = (type: string, data: number[]) => {
  const body = [...text(type), ...data];
  return [...be32(data.length), ...body, ...be32(crc32(body))];
};

/** zlib with stored (uncompressed) blocks. */
function zlibStored(raw: number[]): number[] {
  const out = [0x78, 0x01];
  for (let i = 0; i < raw.length || i === 0; i += 65535) {
    const part = raw.slice(i, i + 65535);
    const last = i + 65535 >= raw.length ? 1 : 0;
    out.push(last, ...le16(part.length), ...le16(~part.length & 0xffff));
    for (const x of part) out.push(x);
  }
  let a = 1;
  let b = 0;
  for (const x of raw) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return [...out, ...be32(((b << 16) | a) >>> 0)];
}

/** A greyscale PNG (a valid one while width × height stays small). */
export function buildPng(o: TestImageOptions): Uint8Array {
  const meta = o.metadata ?? true;
  const small = o.width * o.height <= 250_000;
  const raw = small
    ? Array.from({ length: o.height }, () => [0, ...new Array<number>(o.width).fill(0x80)]).flat()
    : [0, 0];
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [...be32(o.width), ...be32(o.height), 8, 0, 0, 0, 0]),
    ...chunk('gAMA', be32(45455)),
    ...(meta ? chunk('tEXt', [...text('Author'), 0, ...text(SECRET)]) : []),
    ...(meta ? chunk('iTXt', [...text('XML:com.adobe.xmp'), 0, 0, 0, 0, 0, ...xmp()]) : []),
    ...(meta ? chunk('eXIf', exifTiff()) : []),
    ...(meta ? chunk('tIME', [...be16(2026), 11, 24, 10, 0, 0]) : []),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', []),
  ]);
}

// ---------------------------------------------------------------------------------------- WebP

const riffChunk = (fourcc: string, data: number[]) => [
  ...text(fourcc),
  ...le32(data.length),
  ...data,
  ...(data.length % 2 ? [0] : []),
];

/** Extended WebP (VP8X) with an ICC profile, a lossless bitstream header and, with metadata, EXIF and XMP chunks. */
export function buildWebp(o: TestImageOptions & { simple?: 'lossy' | 'lossless' }): Uint8Array {
  const meta = o.metadata ?? true;
  const lossless = riffChunk('VP8L', [
    0x2f,
    ...le32(((o.width - 1) & 0x3fff) | (((o.height - 1) & 0x3fff) << 14)),
    0,
    0,
    0,
  ]);
  const lossy = riffChunk('VP8 ', [
    0x10,
    0x02,
    0x00,
    0x9d,
    0x01,
    0x2a,
    ...le16(o.width),
    ...le16(o.height),
    0,
    0,
    0,
    0,
  ]);
  let body: number[];
  if (o.simple) body = o.simple === 'lossy' ? lossy : lossless;
  else {
    const flags = 0x20 | (meta ? 0x08 | 0x04 : 0); // ICC, EXIF, XMP
    body = [
      ...riffChunk('VP8X', [flags, 0, 0, 0, ...le24(o.width - 1), ...le24(o.height - 1)]),
      ...riffChunk('ICCP', text('fake-icc')),
      ...lossless,
      ...(meta ? riffChunk('EXIF', exifTiff()) : []),
      ...(meta ? riffChunk('XMP ', [...xmp(), 0x20]) : []),
    ];
  }
  return Uint8Array.from([...text('RIFF'), ...le32(body.length + 4), ...text('WEBP'), ...body]);
}

// ----------------------------------------------------------------------------------------- GIF

/** A two-colour GIF89a that loops (NETSCAPE2.0); with metadata, a comment and an XMP application extension. */
export function buildGif(o: TestImageOptions): Uint8Array {
  const meta = o.metadata ?? true;
  const comment = text(SECRET);
  const x = [...xmp(), ...GPS_LATITUDE]; // one sub-block (under 256 bytes)
  return Uint8Array.from([
    ...text('GIF89a'),
    ...le16(o.width),
    ...le16(o.height),
    0x80,
    0,
    0,
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0x21,
    0xff,
    11,
    ...text('NETSCAPE2.0'),
    3,
    1,
    0,
    0,
    0,
    ...(meta ? [0x21, 0xfe, comment.length, ...comment, 0] : []),
    ...(meta ? [0x21, 0xff, 11, ...text('XMP DataXMP'), x.length, ...x, 0] : []),
    0x21,
    0xf9,
    4,
    0,
    0,
    0,
    0,
    0,
    0x2c,
    0,
    0,
    0,
    0,
    ...le16(o.width),
    ...le16(o.height),
    0,
    2,
    2,
    0x44,
    0x01,
    0,
    0x3b,
  ]);
}

// ---------------------------------------------------------------------------------------- HEIC

const box = (type: string, body: number[]) => [...be32(body.length + 8), ...text(type), ...body];

/** The boxes of a HEIC that tell its size (ftyp, meta/iprp/ipco/ispe); no picture. */
export function buildHeic(o: TestImageOptions): Uint8Array {
  return Uint8Array.from([
    ...box('ftyp', [...text('heic'), 0, 0, 0, 0, ...text('mif1heic')]),
    ...box('meta', [
      0,
      0,
      0,
      0,
      ...box('iprp', box('ipco', box('ispe', [0, 0, 0, 0, ...be32(o.width), ...be32(o.height)]))),
    ]),
  ]);
}
