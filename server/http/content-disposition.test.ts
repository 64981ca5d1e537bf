import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.js';

describe('attachmentDisposition', () => {
  it('names a download in ASCII for old clients and in UTF-8 for the rest', () => {
    expect(attachmentDisposition('事件清单-20261207.xlsx', 'yiwang-events-20261207.xlsx')).toBe(
      `attachment; filename="yiwang-events-20261207.xlsx"; filename*=UTF-8''${encodeURIComponent('事件清单-20261207.xlsx')}`,
    );
  });

  it('keeps quotes, slashes and control characters out of both names', () => {
    const header = attachmentDisposition('a/b"c\u0000d (1).xlsx', 'x"y\\z.xlsx');
    expect(header).toBe(`attachment; filename="x_y_z.xlsx"; filename*=UTF-8''a_b_c_d%20%281%29.xlsx`);
    expect(header).not.toMatch(/[\r\n]/);
  });
});
