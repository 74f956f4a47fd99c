// What axe cannot check, on every page of the built site:
//   - focus is visible: every control reached with Tab looks different when focused
//     (outline, box shadow, background or underline);
//   - text still readable at 200% zoom: at 1280 px / 2 = 640 CSS px wide there is no
//     horizontal scroll and body text is at least 16 CSS px;
//   - prefers-reduced-motion: with "reduce", nothing animates or transitions;
//   - prefers-color-scheme: the dark scheme really is dark (a11y.mjs checks its contrast).
//
// usage: node tests/browser/display.test.mjs <site-dir>

import { launchBrowser, listPages, main, reporter, serveDir, siteDirFromArgs } from './lib.mjs';

const t = reporter('display');
const MAX_TABS = 60;

function luminance(rgb) {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) || ['255', '255', '255']).slice(0, 3).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

main('display', async () => {
  const siteDir = siteDirFromArgs('tests/browser/display.test.mjs');
  const pages = await listPages(siteDir);
  const server = await serveDir(siteDir);
  const chrome = await launchBrowser();
  try {
    const focusCtx = await chrome.newContext({ reducedMotion: 'reduce' });
    const zoomCtx = await chrome.newContext({ viewport: { width: 640, height: 400 } });
    const darkCtx = await chrome.newContext({ colorScheme: 'dark' });
    const [focusPage, zoomPage, darkPage] = await Promise.all([focusCtx.newPage(), zoomCtx.newPage(), darkCtx.newPage()]);
    for (const p of pages) {
      const url = server.url + p.slice(1);

      // Focus visible, and no motion with reduced motion.
      await focusPage.goto(url, { waitUntil: 'load' });
      const moving = await focusPage.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((el) => {
            const s = getComputedStyle(el);
            const durations = `${s.transitionDuration},${s.animationDuration}`.split(',').map((d) => parseFloat(d) || 0);
            return (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0) || durations.some((d) => d > 0.01);
          })
          .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''))
          .slice(0, 5),
      );
      t.check(moving.length === 0, p, `moves with prefers-reduced-motion: reduce: ${moving.join(', ')}`);
      const seen = new Set();
      for (let i = 0; i < MAX_TABS; i++) {
        await focusPage.keyboard.press('Tab');
        const result = await focusPage.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const key = el.id || el.getAttribute('href') || el.getAttribute('name') || el.outerHTML.slice(0, 60);
          const look = (s) => [s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? `outline ${s.outlineWidth}` : '', s.boxShadow, s.backgroundColor, s.textDecorationLine, s.textDecorationThickness, s.color].join('|');
          const focused = look(getComputedStyle(el));
          const outlined = getComputedStyle(el).outlineStyle !== 'none' && parseFloat(getComputedStyle(el).outlineWidth) >= 2;
          el.blur();
          const blurred = look(getComputedStyle(el));
          el.focus();
          return { key, visible: outlined || focused !== blurred, label: el.tagName.toLowerCase() + ' ' + (el.textContent || '').trim().slice(0, 40) };
        });
        if (!result) break;
        if (seen.has(result.key)) break;
        seen.add(result.key);
        t.check(result.visible, p, `focus is not visible on ${result.label}`);
      }
      t.count('focus stops checked', seen.size);

      // 200% zoom of a 1280 px window.
      await zoomPage.goto(url, { waitUntil: 'load' });
      const zoom = await zoomPage.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        font: parseFloat(getComputedStyle(document.querySelector('main p, main li, main') || document.body).fontSize),
      }));
      t.check(zoom.scroll <= 640, p, `horizontal scroll at 200% zoom (640 CSS px): ${zoom.scroll} px wide`);
      t.check(zoom.font >= 16, p, `body text ${zoom.font}px at 200% zoom`);

      // Dark scheme.
      await darkPage.goto(url, { waitUntil: 'load' });
      const bg = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
      t.check(luminance(bg) < 0.1, p, `the dark scheme's background is not dark: ${bg}`);
      t.count('pages');
    }
  } finally {
    await chrome.close();
    await server.close();
  }
  t.finish();
});
