// Browser tests: Debian's chromium (no downloaded browser) driven by
// playwright-core. Accessibility with axe-core (WCAG 2.1 A and AA, 0
// violations allowed) on every page built so far, for every kind of demo
// user, in Dutch, English and Arabic (right to left); reflow at 320 CSS px; skip link; a
// keyboard-only journey: log in, open a document, comment, agree, log out.
// Usage: node run.js BASE_URL RESULTS_FILE
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { secondStep } = require('./totp');
const { AxeBuilder } = require('@axe-core/playwright');

const BASE = process.argv[2];
const RESULTS = process.argv[3];
const PASSWORD = 'portaal-demo';
let passed = 0, failed = 0;
// BROWSER_ONLY=a,b: only the tests whose name holds one of the words (while
// working on them); make test runs everything.
const ONLY = (process.env.BROWSER_ONLY || '').split(',').filter((w) => w);

async function test(name, fn) {
  if (ONLY.length && !ONLY.some((w) => name.includes(w))) return;
  try {
    await fn();
    passed++;
    console.log('ok   browser.' + name);
  } catch (e) {
    failed++;
    console.log('FAIL browser.' + name + '\n  ' + String(e && e.stack || e).split('\n').slice(0, 6).join('\n  '));
  }
}

function assert(cond, msg) { if (!cond) throw new Error(msg); }

// The password only: a staff member then stands on the code page.
async function passwordOnly(page, user) {
  await page.goto(BASE + '/inloggen');
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button')]);
}

async function login(page, user) {
  await passwordOnly(page, user);
  await secondStep(page, user);
  assert(!/\/inloggen(\/code)?$/.test(page.url()), 'log-in failed for ' + user + ': ' + page.url());
}

// `portal totp-enrol`: a new secret for user, shown at the next log-in.
function enrol(user) {
  execFileSync(path.join(process.env.BUILD || 'build', 'portal'),
    ['totp-enrol', user, '-c', path.join(process.env.STATE_DIR, 'portal.conf')],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

// A live reply link of Fatima's for the demo request, made once (as the
// outbox would): its page asks her to confirm who she is first.
let replyPath = null;
function replyLink() {
  if (replyPath) return replyPath;
  const crypto = require('crypto');
  const raw = crypto.randomBytes(32);
  const tok = raw.toString('base64url');
  const hash = crypto.createHash('sha256').update(raw).digest('hex');
  const sql = (q) => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } });
  sql("INSERT INTO outbox (kind, recipient, subject, body, sent_at) VALUES " +
    "('mail', 'x@demo.gezinsportaal.invalid', 'test', 'test', now())");
  sql("INSERT INTO reply_token (outbox_id, token_hash, professional_id, request_id, expires_at) " +
    "SELECT (SELECT max(id) FROM outbox), decode('" + hash + "', 'hex'), a.person_id, " +
    "(SELECT min(id) FROM request), now() + interval '14 days' FROM account a " +
    "WHERE a.username = 'fatima'");
  replyPath = '/antwoord/' + tok;
  return replyPath;
}

async function confirmPage(p) {
  await p.goto(BASE + replyLink());
  assert(await p.$('form input[name="password"]'), 'no confirmation form on the reply link');
}

async function firstDocument(p) {
  await p.goto(BASE + '/documenten');
  await Promise.all([p.waitForNavigation(), p.click('.document-list a')]);
}

// The document page again with both forms' errors (empty comment, no
// choice), and the youth's "my family may read this" choice.
async function documentErrors(p) {
  await firstDocument(p);
  await Promise.all([p.waitForNavigation(), p.click('form[action*="/reacties"] button')]);
  assert(await p.$('.error-summary a[href="#body"]'), 'no comment error in the summary');
  await Promise.all([p.waitForNavigation(), p.click('form[action*="/instemming"] button')]);
  assert(await p.$('.error-summary a[href="#decision"]'), 'no consent error in the summary');
}

// Requests and replies (/verzoeken, /antwoord): open the first link of a
// list; send the request form or the answer form empty (error state).
async function firstLink(p, list, sel) {
  await p.goto(BASE + list);
  await Promise.all([p.waitForNavigation(), p.click(sel)]);
}
const REQUEST_PAGES = {
  citizen: [['/verzoeken', null],
    ['/verzoeken/{first}', (p) => firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]')],
    ['/verzoeken (errors)', async (p) => {
      await p.goto(BASE + '/verzoeken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/verzoeken"] button')]);
      assert(await p.$('.error-summary a[href="#body"]'), 'no error summary on /verzoeken');
    }]],
  professional: [['/verzoeken', null], ['/antwoord', null],
    ['/verzoeken/{first}', (p) => firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]')],
    ['/verzoeken/{first} (errors)', async (p) => {
      await firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]');
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/verlengen"] button')]);
      assert(await p.$('.error-summary a[href="#reason"]'), 'no error summary on the extension form');
    }],
    ['/antwoord/{first}', (p) => firstLink(p, '/antwoord', '.document-list a[href^="/antwoord/"]')],
    ['/antwoord/{first} (errors)', async (p) => {
      await firstLink(p, '/antwoord', '.document-list a[href^="/antwoord/"]');
      await Promise.all([p.waitForNavigation(), p.click('main form button')]);
      assert(await p.$('.error-summary a[href="#outcome"]'), 'no error summary on the answer form');
    }]],
};

// SQL as the database owner (to read a demo birth date).
function psql(q) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } }).toString().trim();
}

// The counter: Sanne found on /balie (surname and birth date).
async function counterSearch(p) {
  const born = psql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM person " +
    "WHERE given_name = 'Sanne' AND family_name = 'de Vries'");
  await p.goto(BASE + '/balie');
  await p.fill('#family_name', 'de Vries');
  await p.fill('#birth_date', born);
  await Promise.all([p.waitForNavigation(), p.click('form[action="/balie"] button')]);
  assert(await p.$('#r1-id_last3'), 'Sanne not found on /balie');
}

// ... and an assisted session for her started.
async function counterStart(p) {
  await counterSearch(p);
  await p.check('#r1-id_document');
  await p.fill('#r1-id_last3', 'X7Z');
  await p.check('#r1-agrees');
  await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/sessie"] button')]);
  assert(await p.$('.assist-bar'), 'no assisted session');
}

// Pages per kind of user: [path, what to do first].
const PAGES = {
  anonymous: [
    ['/', null],
    ['/inloggen', null],
    ['/inloggen (errors)', async (p) => { await p.goto(BASE + '/inloggen'); await p.click('form[action="/inloggen"] button'); }],
    ['/bestaat-niet', null],
    ['/antwoord/{old token}', async (p) => {
      const r = await p.goto(BASE + '/antwoord/' + 'A'.repeat(43));
      assert(r.status() === 404, 'status ' + r.status());
    }],
    ['/antwoord/verstuurd', null],
    ['/activeren', null],
    ['/activeren (errors)', async (p) => {
      await p.goto(BASE + '/activeren');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/activeren"] button')]);
      assert(await p.$('.error-summary a[href="#code"]'), 'no error summary on /activeren');
    }],
    ['/antwoord/{token} (bevestigen)', confirmPage],
    ['/antwoord/{token} (bevestigen, errors)', async (p) => {
      await confirmPage(p);
      await Promise.all([p.waitForNavigation(), p.click('main form button')]);
      assert(await p.$('.error-summary a[href="#password"]'), 'no error summary on the confirmation');
    }],
  ],
  sanne: [['/', null], ['/documenten', null], ['/documenten/{first}', firstDocument],
    ['/documenten/{Veiligheidsplan} (hidden part)', async (p) => {
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Veiligheidsplan")')]);
      assert(await p.$('.document-part h2'), 'no hidden part shown to Sanne');
    }],
    ['/documenten/{first} (errors)', documentErrors],
    ['/documenten/{first} (own view, error)', async (p) => {
      await firstDocument(p);
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/visie#visie"] button')]);
      assert(await p.$('.error-summary a[href="#view_body"]'), 'no error summary for the own view');
    }], ['/inzage', null], ['/delen', null],
    ['/gegevens', null], ['/mijn-gegevens', null],
    ['/gegevens (errors)', async (p) => {
      await p.goto(BASE + '/gegevens');
      await p.fill('#email', 'geen adres');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/gegevens"] button')]);
      assert(await p.$('.error-summary a[href="#email"]'), 'no error summary on /gegevens');
    }],
    ['/delen (errors)', async (p) => {
      await p.goto(BASE + '/delen');
      await p.click('.share__new summary');
      await Promise.all([p.waitForNavigation(), p.click('.share__new form button')]);
      assert(await p.$('.error-summary a[href^="#organisation-"]'), 'no error summary on /delen');
    }],
    ['/afspraken (with an appointment)', async (p) => {
      await p.goto(BASE + '/afspraken');
      if (!(await p.$('.appt'))) {
        await p.check('input[name="slot"]');
        await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
      }
      assert(await p.$('.appt a[href$=".ics"]'), 'no appointment on /afspraken');
    }],
    ['/afspraken (errors)', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
      assert(await p.$('.error-summary a[href="#slot"]'), 'no error summary on /afspraken');
    }],
    ['/afspraken?verzetten=', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('.appt a[href*="verzetten="]')]);
      assert(await p.$('input[name="move"]'), 'no move form');
    }], ...REQUEST_PAGES.citizen],
  lotte: [['/documenten/{first}', firstDocument],
    ['/documenten/{Verslag gesprek met Lotte} (her parents choice, saved)', async (p) => {
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Verslag gesprek met Lotte")')]);
      assert(await p.$('#ouders input[name="parent"]'), 'no choice of parents for Lotte');
      await Promise.all([p.waitForNavigation(), p.click('#ouders button')]);
      assert(await p.$('#ouders .notice'), 'no notice after saving the choice');
    }]],
  fatima: [['/', null], ['/documenten', null], ['/documenten/{first}', firstDocument],
    ['/documenten/nieuw', null],
    ['/documenten/{first}/wijzigen', async (p) => {
      await firstDocument(p);
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/wijzigen"]')]);
    }],
    ['/documenten/nieuw (errors)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button')]);
      assert(await p.$('.error-summary a[href="#about"]'), 'no error summary on the new-document form');
    }],
    ['/documenten/nieuw (errors in the hidden part)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      await p.fill('#part_body', 'Geheim adres');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button')]);
      assert(await p.$('.error-summary a[href="#part_hidden"]'), 'no error for the hidden part');
    }],
    ['/gezinnen/{id}/contact', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
    }],
    ['/gezinnen/{id}/contact (errors)', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/afschermen"] button')]);
      assert(await p.$('.error-summary a[href^="#org-"]'), 'no error summary on the contact page');
    }],
    ['/afspraken', null],
    ['/afspraken (errors)', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken/tijden"] button')]);
      assert(await p.$('.error-summary a[href="#date"]'), 'no error summary on the slot form');
    }],
    ['/afspraken (calling off, errors)', async (p) => {
      // Sanne booked one of Fatima's times above; no reason: not called off.
      await p.goto(BASE + '/afspraken');
      await p.click('.appt__slots .appt__cancel summary');
      await Promise.all([p.waitForNavigation(), p.click('.appt__slots .appt__cancel form button')]);
      assert(await p.$('.error-summary a[href^="#reason-"]'), 'no error summary on the call-off form');
    }], ...REQUEST_PAGES.professional],
  // Between the password and the code (no log-in first): the code page,
  // with the error of an empty code (not counted as a wrong one), and the
  // enrolment page that `portal totp-enrol` makes appear once.
  'tweede-stap': [['/inloggen/code', async (p) => passwordOnly(p, 'kees')],
    ['/inloggen/code (errors)', async (p) => {
      await passwordOnly(p, 'kees');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/inloggen/code"] button')]);
      assert(await p.$('.error-summary a[href="#code"]'), 'no error summary on the code page');
    }],
    ['/inloggen/code (enrolment)', async (p) => {
      enrol('ellen');
      await passwordOnly(p, 'ellen');
      assert(await p.$('svg[role="img"] title'), 'no QR code on the enrolment page');
    }]],
  peter: [['/', null], ['/documenten/{first}', firstDocument]],
  // The counter (issue 14): Kees finds Sanne, helps her in an assisted
  // session, prints her a letter and the receipt.
  kees: [['/', null], ['/documenten (outside a session: 404)', async (p) => {
    const r = await p.goto(BASE + '/documenten');
    assert(r.status() === 404, 'status ' + r.status());
  }], ['/balie', null],
  ['/balie (errors)', async (p) => {
    await p.goto(BASE + '/balie');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie"] button')]);
    assert(await p.$('.error-summary a[href="#family_name"]'), 'no error summary on /balie');
  }],
  ['/balie (found)', counterSearch],
  ['/balie (start, errors)', async (p) => {
    await counterSearch(p);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/sessie"] button')]);
    assert(await p.$('.error-summary a[href="#id_last3"]'), 'no error summary on the start');
  }],
  ['/documenten (in a session)', async (p) => {
    await counterStart(p);
    await p.goto(BASE + '/documenten');
    assert((await p.textContent('.assist-bar')).includes('U wordt geholpen door Kees Visser') ||
      await p.$('.assist-bar form[action="/balie/sessie/stop"]'), 'no counter bar');
  }],
  ['/ (in a session)', null], ['/inzage (in a session)', null],
  ['/balie (in a session)', null],
  ['/balie/activatie (letter)', async (p) => {
    await p.goto(BASE + '/balie');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/activatie"] button')]);
    assert(await p.$('.letter__code'), 'no code on the letter');
  }],
  ['/balie/bon/{id} (receipt)', async (p) => {
    await p.goto(BASE + '/');
    await Promise.all([p.waitForNavigation(), p.click('.assist-bar button')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    assert(await p.$('.receipt__rows li'), 'an empty receipt');
  }]],
  elif: [['/', null], ['/documenten/{first}', firstDocument], ['/inzage', null], ['/delen', null],
    ['/afspraken', null]],
};

async function visit(page, path, prep) {
  if (prep) await prep(page);
  else await page.goto(BASE + path);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', chromiumSandbox: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const LOCALE = { nl: 'nl-NL', en: 'en-GB', ar: 'ar-SA' };
  for (const lang of ['nl', 'en', 'ar']) {
    for (const [user, pages] of Object.entries(PAGES)) {
      if (ONLY.length && !ONLY.some((w) => ('axe ' + user + '.').includes(w) || w.startsWith(user + '.'))) continue;
      for (const width of [320, 1280]) {
        const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: LOCALE[lang] });
        const page = await ctx.newPage();
        if (user !== 'anonymous' && user !== 'tweede-stap') await login(page, user);
        for (const [path, prep] of pages) {
          const name = `${user}.${lang}.${width}px ${path}`;
          await test('axe ' + name, async () => {
            await visit(page, path, prep);
            const html = await page.getAttribute('html', 'lang');
            assert(html === lang, 'html lang is ' + html);
            const dir = await page.getAttribute('html', 'dir');
            assert(dir === (lang === 'ar' ? 'rtl' : 'ltr'), 'html dir is ' + dir);
            const res = await new AxeBuilder({ page })
              .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
            const v = res.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`);
            assert(v.length === 0, v.join('\n'));
          });
          if (width === 320) {
            await test('reflow ' + name, async () => {
              const sw = await page.evaluate(() => document.documentElement.scrollWidth);
              assert(sw <= 320, 'page is ' + sw + ' px wide at 320 px');
            });
          }
        }
        await ctx.close();
      }
    }
  }

  const ctx = await browser.newContext({ locale: 'nl-NL' });
  const page = await ctx.newPage();

  await test('skip link is first and moves focus to the content', async () => {
    await page.goto(BASE + '/inloggen');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.className);
    assert(first === 'skip-link', 'first Tab lands on ' + first);
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    });
    assert(visible, 'the focused skip link is not visible');
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement.id);
    assert(id === 'inhoud', 'focus after skip link: ' + id);
  });

  await test('keyboard only: log in, see the family, open a document, comment, agree, log out', async () => {
    await page.goto(BASE + '/inloggen');
    let tabs = 0;
    while (tabs++ < 20 && await page.evaluate(() => document.activeElement.id) !== 'username')
      await page.keyboard.press('Tab');
    assert(tabs < 20, 'Tab never reaches the user name field');
    await page.keyboard.type('sanne');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const text = await page.textContent('main');
    assert(text.includes('Gezin De Vries'), 'no family overview after keyboard log-in');
    // Open a document: Tab to the menu item, Enter, Tab to the first
    // document, Enter.
    tabs = 0;
    while (tabs++ < 30 && await page.evaluate(() => document.activeElement.getAttribute('href')) !== '/documenten')
      await page.keyboard.press('Tab');
    assert(tabs < 30, 'Tab never reaches the documents menu item');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    tabs = 0;
    while (tabs++ < 40 && !(await page.evaluate(() => (document.activeElement.getAttribute('href') || '').startsWith('/documenten/'))))
      await page.keyboard.press('Tab');
    assert(tabs < 40, 'Tab never reaches a document');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert(/\/documenten\/[A-Za-z0-9_-]+$/.test(page.url()), 'not on a document: ' + page.url());
    assert((await page.textContent('main')).includes('Geschreven door'), 'document page not shown');
    // Comment: Tab to the box, type, Tab to the button, Enter.
    const focusId = () => page.evaluate(() => document.activeElement.id);
    tabs = 0;
    while (tabs++ < 40 && await focusId() !== 'body')
      await page.keyboard.press('Tab');
    assert(tabs < 40, 'Tab never reaches the comment box');
    await page.keyboard.type('Met het toetsenbord geschreven.');
    // Then who reads it (issue 16): the chosen audience, "Alleen de
    // hulpverlener" by default; one Tab more to the button.
    await page.keyboard.press('Tab');
    assert(await focusId() === 'audience' && await page.isChecked('#audience'),
      'Tab after the comment box does not reach who reads it');
    await page.keyboard.press('Tab');
    assert((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Reactie plaatsen',
      'Tab after the comment box does not reach its button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    let main = await page.textContent('main');
    assert(main.includes('Uw reactie is opgeslagen.') && main.includes('Met het toetsenbord geschreven.'),
      'comment not saved');
    // Agree: Tab to the first choice, Space, Tab past the explanation to
    // the button, Enter.
    tabs = 0;
    while (tabs++ < 40 && await focusId() !== 'decision')
      await page.keyboard.press('Tab');
    assert(tabs < 40, 'Tab never reaches the consent choices');
    await page.keyboard.press('Space');
    assert(await page.isChecked('#decision'), 'Space did not choose "eens"');
    await page.keyboard.press('Tab');
    assert(await focusId() === 'explanation', 'Tab after the choices: ' + await focusId());
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    main = await page.textContent('main');
    assert(main.includes('Uw keuze is opgeslagen.') && main.includes('U bent het eens.'), 'consent not saved');
    tabs = 0;
    while (tabs++ < 30 && await page.evaluate(() => document.activeElement.textContent.trim()) !== 'Uitloggen')
      await page.keyboard.press('Tab');
    assert(tabs < 30, 'Tab never reaches the log-out button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
    assert((await page.textContent('main')).includes('U bent uitgelogd.'), 'not logged out');
  });

  await test('keyboard only at the counter: find Sanne, start, help, stop, receipt', async () => {
    const c3 = await browser.newContext({ locale: 'nl-NL' });
    const p = await c3.newPage();
    await login(p, 'kees');
    const focus = () => p.evaluate(() => document.activeElement.id ||
      document.activeElement.getAttribute('href') || document.activeElement.textContent.trim());
    const tabTo = async (want, max) => {
      let n = 0;
      while (n++ < max && await focus() !== want) await p.keyboard.press('Tab');
      assert(n < max, 'Tab never reaches ' + want + ' (at ' + await focus() + ')');
    };
    await tabTo('/balie', 30);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    const born = psql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM person " +
      "WHERE given_name = 'Sanne' AND family_name = 'de Vries'");
    // a date field takes the digits in the order of chromium's own
    // language (en-US here: month, day, year), not the page's
    const [y, m, d] = born.split('-');
    const typed = m + d + y;
    await tabTo('family_name', 30);
    await p.keyboard.type('de Vries');
    await p.keyboard.press('Tab');
    assert(await focus() === 'birth_date', 'Tab after the surname: ' + await focus());
    await p.keyboard.type(typed);
    assert(await p.inputValue('#birth_date') === born, 'date typed as ' + await p.inputValue('#birth_date'));
    await tabTo('Zoeken', 10);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    assert((await p.textContent('main')).includes('Sanne de Vries'), 'Sanne not found');
    await tabTo('r1-id_document', 40);
    await p.keyboard.press('Space');
    assert(await p.isChecked('#r1-id_document'), 'Space did not choose the passport');
    await tabTo('r1-id_last3', 10);
    await p.keyboard.type('X7Z');
    await p.keyboard.press('Tab');
    assert(await focus() === 'r1-agrees', 'Tab after the number: ' + await focus());
    await p.keyboard.press('Space');
    await p.keyboard.press('Tab');
    assert(await focus() === 'Start met helpen', 'Tab after the agreement: ' + await focus());
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    const bar = await p.textContent('.assist-bar');
    assert(bar.includes('U wordt geholpen door Kees Visser van Gemeente Balie.'), 'no counter bar: ' + bar);
    assert((await p.textContent('main')).includes('Gezin De Vries'), 'not Sanne\'s start page');
    // the stop button is in the bar, before the menu
    await tabTo('Stoppen met helpen', 10);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    const receipt = await p.textContent('main');
    assert(receipt.includes('De hulp aan de balie begon.') && receipt.includes('De hulp aan de balie stopte.'),
      'receipt: ' + receipt);
    await c3.close();
  });

  await test('counter receipt: printed on A4 in large type, without the menus', async () => {
    const c4 = await browser.newContext({ locale: 'nl-NL' });
    const p = await c4.newPage();
    await login(p, 'kees');
    await counterStart(p);
    await Promise.all([p.waitForNavigation(), p.click('.assist-bar button')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    await p.emulateMedia({ media: 'print' });
    const look = await p.evaluate(() => ({
      size: parseFloat(getComputedStyle(document.querySelector('.receipt')).fontSize),
      nav: getComputedStyle(document.querySelector('.site-nav')).display,
      back: getComputedStyle(document.querySelector('.receipt .no-print')).display,
    }));
    assert(look.size >= 21, 'receipt type on paper: ' + look.size + 'px');
    assert(look.nav === 'none' && look.back === 'none', 'menus on paper: ' + JSON.stringify(look));
    const pdf = await p.pdf({ format: 'A4' });
    assert(pdf.length > 1000, 'no A4 print');
    await c4.close();
  });

  await test('appointment: book a time, add it to the calendar, move it, cancel it', async () => {
    const c2 = await browser.newContext({ locale: 'nl-NL', acceptDownloads: true });
    const p = await c2.newPage();
    await login(p, 'mark');
    await Promise.all([p.waitForNavigation(), p.click('.site-nav a[href="/afspraken"]')]);
    const label = (await p.textContent('label[for="slot"]')).trim();
    await p.check('#slot');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
    let main = await p.textContent('main');
    assert(main.includes('Uw afspraak is gemaakt.'), 'not booked');
    assert(main.includes(label.slice(0, 5) + ' uur'), 'the chosen time ' + label.slice(0, 5) + ' is not shown');
    const [dl] = await Promise.all([p.waitForEvent('download'), p.click('.appt a[href$=".ics"]')]);
    assert(dl.suggestedFilename() === 'afspraak.ics', 'download name ' + dl.suggestedFilename());
    await Promise.all([p.waitForNavigation(), p.click('.appt a[href*="verzetten="]')]);
    await p.check('input[name="slot"] >> nth=1');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
    assert((await p.textContent('main')).includes('Uw afspraak is verzet.'), 'not moved');
    await p.click('.appt__cancel summary');
    await p.fill('.appt__cancel textarea', 'Ik ben ziek.');
    await Promise.all([p.waitForNavigation(), p.click('.appt__cancel button')]);
    main = await p.textContent('main');
    assert(main.includes('Uw afspraak is afgezegd.') && main.includes('U heeft nu geen afspraken.'), 'not cancelled');
    await c2.close();
  });

  await test('focus is visible on links, fields and buttons', async () => {
    await page.goto(BASE + '/inloggen');
    for (const sel of ['#username', 'form[action="/inloggen"] button', '.lang-switch a']) {
      await page.focus(sel);
      const style = await page.evaluate((s) => {
        const cs = getComputedStyle(document.querySelector(s));
        return cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.boxShadow;
      }, sel);
      assert(!/^none 0px none$/.test(style) && !style.startsWith('none 0px none'), sel + ' has no focus style: ' + style);
    }
  });

  await test('language switch changes the page to English and back', async () => {
    await page.goto(BASE + '/inloggen');
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch a[hreflang="en"]')]);
    assert((await page.textContent('h1')).trim() === 'Log in', 'not English');
    assert(page.url().endsWith('/inloggen'), 'did not return to the page: ' + page.url());
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch a[hreflang="nl"]')]);
    assert((await page.textContent('h1')).trim() === 'Inloggen', 'not Dutch again');
  });

  await test('error summary links to the fields', async () => {
    await page.goto(BASE + '/inloggen');
    await page.click('form[action="/inloggen"] button');
    const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
    assert(links.join() === '#username,#password', 'summary links: ' + links.join());
    const described = await page.getAttribute('#username', 'aria-describedby');
    assert(described && (await page.$('#' + described)), 'field not described by its error');
  });

  await ctx.close();
  await browser.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  if (RESULTS) fs.appendFileSync(RESULTS, `browser ${passed} ${failed}\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.log('browser: crashed: ' + (e && e.stack || e));
  if (RESULTS) fs.appendFileSync(RESULTS, `browser ${passed} ${failed + 1}\n`);
  process.exit(1);
});
