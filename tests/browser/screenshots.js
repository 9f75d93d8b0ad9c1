// make screenshots: the main pages at phone and desktop width, as PNG, so
// anyone can look at them. Not a test. Usage: node screenshots.js BASE DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { secondStep } = require('./totp');

const [BASE, DIR] = process.argv.slice(2);
const SHOTS = [
  // name, user (or null), path, language
  ['start', null, '/', 'nl'],
  ['inloggen', null, '/inloggen', 'nl'],
  ['inloggen-fout', null, 'submit-empty', 'nl'],
  ['gezin-sanne', 'sanne', '/', 'nl'],
  ['gezin-sanne-en', 'sanne', '/', 'en'],
  ['gezin-sanne-ar', 'sanne', '/', 'ar'],
  ['gezin-peter', 'peter', '/', 'nl'],
  ['niet-gevonden', null, '/bestaat-niet', 'nl'],
];
const LOCALE = { nl: 'nl-NL', en: 'en-GB', ar: 'ar-SA' };

(async () => {
  fs.mkdirSync(DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', chromiumSandbox: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  for (const [name, user, p, lang] of SHOTS) {
    for (const [w, tag] of [[360, 'telefoon'], [1280, 'computer']]) {
      const ctx = await browser.newContext({ viewport: { width: w, height: 800 }, locale: LOCALE[lang] });
      const page = await ctx.newPage();
      if (user) {
        await page.goto(BASE + '/inloggen');
        await page.fill('#username', user);
        await page.fill('#password', 'portaal-demo');
        await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button')]);
        await secondStep(page, user);
      }
      if (p === 'submit-empty') {
        await page.goto(BASE + '/inloggen');
        await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button')]);
      } else {
        await page.goto(BASE + p);
      }
      const file = path.join(DIR, `${name}-${tag}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await ctx.close();
    }
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
