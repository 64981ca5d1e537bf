/**
 * Every route that takes an uploaded file in a multipart form (server/http/upload-body.ts), with who
 * calls it and a file it accepts, for the tests of bodies that are cut or lie about themselves
 * (server/storage/truncated-upload.test.ts, server/fuzz/truncated-bodies.fuzz.test.ts). A route that
 * starts reading uploads belongs in this list; the class test fails when a route reads one without
 * server/http/upload-body.ts.
 */
import { T } from './test-county.js';
import { buildPng } from '../../core/attachments/test-images.js';

export interface UploadRoute {
  /** The permission matrix's key. */
  route: string;
  url: string;
  /** Who calls it (a test county username), or null: anyone. */
  caller: string | null;
  /** A file the route takes, its name and declared type. */
  file: Buffer;
  filename: string;
  type: string;
  /** The code of a file over the limit. */
  tooLarge: 'ATTACHMENT_TOO_LARGE' | 'BODY_TOO_LARGE';
  /** The query string that makes a whole form write nothing (the imports' dry run), or ''. */
  dryRun: string;
  /** The status of the whole form. */
  okStatus: number;
}

/** A form of one file, and where the file's bytes start and end in it. */
export interface MultipartForm {
  payload: Buffer;
  contentType: string;
  fileStart: number;
  fileEnd: number;
}

export const FORM_BOUNDARY = '----yiwangcut';

/** A multipart/form-data body: the text fields of `before`, then one file. */
export function multipartForm(
  file: Uint8Array,
  options: { filename: string; type: string; field?: string; before?: Record<string, string> },
): MultipartForm {
  const fields = Object.entries(options.before ?? {}).map(
    ([name, value]) => `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${fields.join('')}--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename}"\r\nContent-Type: ${options.type}\r\n\r\n`,
  );
  const payload = Buffer.concat([head, file, Buffer.from(`\r\n--${FORM_BOUNDARY}--\r\n`)]);
  return {
    payload,
    contentType: `multipart/form-data; boundary=${FORM_BOUNDARY}`,
    fileStart: head.length,
    fileEnd: head.length + file.length,
  };
}

const lines = (rows: string[]) => Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
const ROWS = 300;

/** The upload routes, each with a file of some tens of kilobytes (a cut lands mid-file, across packets). */
export function uploadRoutes(): UploadRoute[] {
  const photo = Buffer.from(buildPng({ width: 160, height: 160 }));
  const grid = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        // in the eastern half of village A2, which no grid covers
        properties: { code: `${T.villageA2}009`, name: '西村新网格', kind: 'comprehensive' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [105.16, 35.0],
              [105.19, 35.0],
              [105.19, 35.05],
              [105.16, 35.05],
              [105.16, 35.0],
            ],
          ],
        },
      },
    ],
  };
  const people = [
    'name,role,jurisdiction_code,phone',
    ...Array.from({ length: ROWS }, (_, i) => `新网格员${i},grid_worker,${T.gridA1a},139${String(10_000_000 + i)}`),
  ];
  const bindings = [
    'jurisdiction_code,duty,username',
    ...Array.from({ length: ROWS }, () => `${T.gridA1b},grid_worker,gw_a2`),
  ];
  const day = (i: number) => new Date(Date.UTC(2029, 0, 1 + i)).toISOString().slice(0, 10);
  const calendar = [
    'date,kind,name',
    ...Array.from({ length: ROWS }, (_, i) => `${day(i)},${i % 2 ? 'workday' : 'holiday'},调整${i}`),
  ];
  const importRoute = (
    route: string,
    file: Buffer,
    filename: string,
    type: string,
    caller = 'county_op',
  ): UploadRoute => ({
    route,
    url: route.split(' ')[1],
    caller,
    file,
    filename,
    type,
    tooLarge: 'BODY_TOO_LARGE',
    dryRun: '?dryRun=true',
    okStatus: 200,
  });
  return [
    {
      route: 'POST /api/public/attachments',
      url: '/api/public/attachments',
      caller: null,
      file: photo,
      filename: 'photo.png',
      type: 'image/png',
      tooLarge: 'ATTACHMENT_TOO_LARGE',
      dryRun: '',
      okStatus: 201,
    },
    {
      route: 'POST /api/attachments',
      url: '/api/attachments',
      caller: 'county_op',
      file: photo,
      filename: 'photo.png',
      type: 'image/png',
      tooLarge: 'ATTACHMENT_TOO_LARGE',
      dryRun: '',
      okStatus: 201,
    },
    // whitespace after the document keeps it valid GeoJSON and makes it some tens of kilobytes
    importRoute(
      'POST /api/import/jurisdictions',
      Buffer.from(JSON.stringify(grid, null, 2) + ' '.repeat(30_000)),
      'grids.geojson',
      'application/geo+json',
    ),
    importRoute('POST /api/import/people', lines(people), 'people.csv', 'text/csv'),
    importRoute('POST /api/import/bindings', lines(bindings), 'bindings.csv', 'text/csv'),
    importRoute('POST /api/calendar/overrides/import', lines(calendar), '2029.csv', 'text/csv'),
  ];
}
