// What the browser says about the device, for the readiness page.
export type OS = 'windows' | 'darwin' | 'linux' | 'ios' | 'android' | 'other';

export function detectOS(ua = navigator.userAgent): OS {
  if (/Android/i.test(ua)) return 'android';
  if (/iPhone|iPad|iPod/i.test(ua)) return 'ios';
  if (/Windows/i.test(ua)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(ua)) return navigator.maxTouchPoints > 1 ? 'ios' : 'darwin';
  if (/Linux|X11/i.test(ua)) return 'linux';
  return 'other';
}

/** The browser family (keys of the rules' "browsers") and major version. */
export function browserFamily(ua: string): { family: string; label: string; major: number } | null {
  const rules: [string, string, RegExp][] = [
    ['edge', 'Microsoft Edge', /Edg(?:A|iOS)?\/(\d+)/],
    ['firefox', 'Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
    ['chrome', 'Chrome', /(?:Chrome|Chromium|CriOS)\/(\d+)/],
    ['safari', 'Safari', /Version\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari/],
  ];
  for (const [family, label, re] of rules) {
    const m = re.exec(ua);
    if (m) return { family, label, major: Number.parseInt(m[1], 10) };
  }
  return null;
}
