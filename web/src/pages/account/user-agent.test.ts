import { describe, expect, it } from 'vitest';
import { clientLabel, describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
  it('names the browser (major version) and the system', () => {
    expect(
      clientLabel(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 · Windows');
    expect(
      clientLabel(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
      ),
    ).toBe('Edge 131 · Windows');
    expect(
      clientLabel(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toBe('Safari 17 · macOS');
    expect(
      clientLabel(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari 17 · iOS');
    expect(
      clientLabel(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome 130 · Android');
    expect(clientLabel('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0')).toBe(
      'Firefox 132 · Linux',
    );
  });

  it('names the apps that embed a browser before the browser', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560 NetType/WIFI',
      ),
    ).toEqual({
      browser: 'WeChat 8',
      os: 'Android',
    });
    expect(clientLabel('curl/8.5.0')).toBe('curl 8');
  });

  it('gives nothing for an empty or unknown header', () => {
    expect(clientLabel(null)).toBeNull();
    expect(clientLabel('')).toBeNull();
    expect(clientLabel('SomethingElse')).toBeNull();
  });
});
