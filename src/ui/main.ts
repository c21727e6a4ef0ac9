/// <reference lib="dom" />
import { formatProblems, parseConfig, type ConfigProblem } from '../config/validateConfig';
import { configJson, formStateFromJson } from './configJson';
import { byId, h } from './dom';
import { emptyFormState, type FormState } from './formState';
import { formWarnings } from './formWarnings';
import { placeProblems, TOP_ANCHOR } from './problemAnchors';
import { PRESETS } from './presets';
import { renderForm } from './renderForm';

/**
 * The config generator: a form over every config key, its JSON shown live and checked on every change by the
 * project's own `parseConfig` (the daemon's), each problem shown at its field and in a summary.
 */

let state: FormState = emptyFormState();

function configText(): string {
  return `${JSON.stringify(configJson(state), null, 2)}\n`;
}

function skeleton(): HTMLElement {
  const presets = PRESETS.map((preset, i) => {
    const button = h('button', { type: 'button', id: `preset-${i}` }, preset.title);
    button.addEventListener('click', () => load(formStateFromJson({ ...preset.config }), `Loaded the example \u201c${preset.title}\u201d.`));
    return h('li', {}, button);
  });
  const reset = h('button', { type: 'button', id: 'reset' }, 'Start empty (all defaults)');
  reset.addEventListener('click', () => load(emptyFormState(), 'Cleared the form.'));
  const importText = h('textarea', { id: 'import-text', rows: '5', spellcheck: 'false', 'aria-describedby': 'import-status' });
  const importButton = h('button', { type: 'button', id: 'import-load' }, 'Load into form');
  importButton.addEventListener('click', () => importConfig(importText.value));
  const importFile = h('input', { type: 'file', id: 'import-file', accept: '.json,application/json,text/plain' });
  importFile.addEventListener('change', () => {
    const file = importFile.files?.[0];
    if (file)
      void file.text().then((text) => {
        importText.value = text;
        importConfig(text);
      });
  });
  const copy = h('button', { type: 'button', id: 'copy' }, 'Copy');
  copy.addEventListener('click', () => void copyConfig());
  const download = h('button', { type: 'button', id: 'download' }, 'Download config.json');
  download.addEventListener('click', downloadConfig);
  return h(
    'div',
    { class: 'page' },
    h(
      'header',
      {},
      h('h1', {}, 'battery-aggregator config generator'),
      h(
        'p',
        {},
        'Fill in what differs from the defaults; empty fields are left out and use the default shown in grey. The JSON is checked as you type by the same code the service runs. Save it as ',
        h('code', {}, '/data/setupOptions/BatteryAggregator/config.json'),
        '.',
      ),
      // On a phone the output is below the whole form.
      h('p', { class: 'skip' }, h('a', { href: '#output' }, 'Go to the generated config.json and its check')),
    ),
    h(
      'div',
      { class: 'columns' },
      h(
        'main',
        { class: 'form-column' },
        h(
          'section',
          { class: 'group start', 'aria-labelledby': 'start-heading' },
          h('h2', { id: 'start-heading' }, 'Start from'),
          h('ul', { class: 'presets' }, ...presets, h('li', {}, reset)),
          h('label', { for: 'import-text' }, 'Or paste an existing config.json'),
          importText,
          h('div', { class: 'buttons' }, importButton, h('label', { for: 'import-file', class: 'file' }, 'or open a file: ', importFile)),
          h('div', { id: 'import-status', class: 'status', role: 'status' }),
        ),
        h('form', { id: 'form', novalidate: true, 'aria-label': 'Configuration', tabindex: '-1' }),
      ),
      h(
        'aside',
        { class: 'output-column', id: 'output', tabindex: '-1', 'aria-labelledby': 'output-heading' },
        h('h2', { id: 'output-heading' }, 'config.json'),
        h('div', { id: 'summary', role: 'status', 'aria-live': 'polite' }),
        // The buttons above the text, so they stay in view however long the config grows.
        h('div', { class: 'buttons' }, copy, download),
        h('div', { id: 'copy-status', class: 'status', role: 'status' }),
        h('pre', { id: TOP_ANCHOR, tabindex: '0', 'aria-label': 'Generated config.json', 'aria-describedby': `${TOP_ANCHOR}-errors` }),
        h('ul', { class: 'errors', id: `${TOP_ANCHOR}-errors` }),
      ),
    ),
  );
}

function rebuild(focusId?: string): void {
  byId('form').replaceChildren(...renderForm(state, { changed: refresh, restructured: rebuild }));
  refresh();
  if (focusId) document.getElementById(focusId)?.focus();
}

/** Shows the JSON and its verdict; called on every change. */
function refresh(): void {
  const text = configText();
  byId(TOP_ANCHOR).textContent = text;
  const result = parseConfig(text);
  showProblems(result.ok ? [] : result.problems);
}

function showProblems(problems: readonly ConfigProblem[]): void {
  for (const list of document.querySelectorAll('ul.errors')) list.replaceChildren();
  for (const invalid of document.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  const placed = placeProblems(state, problems);
  for (const { anchorId, problem } of placed) {
    document.getElementById(`${anchorId}-errors`)?.append(h('li', {}, problem.message));
    document.getElementById(anchorId)?.setAttribute('aria-invalid', 'true');
  }
  for (const { anchorId, message } of formWarnings(state)) document.getElementById(`${anchorId}-errors`)?.append(h('li', { class: 'warning' }, message));
  const summary = byId('summary');
  summary.className = problems.length === 0 ? 'valid' : 'invalid';
  if (problems.length === 0) {
    summary.replaceChildren(h('p', {}, '\u2714 Valid: the service accepts this config.'));
    return;
  }
  summary.replaceChildren(
    h('p', {}, `\u2716 ${problems.length} problem${problems.length === 1 ? '' : 's'}: the service would refuse to start with this config.`),
    // Without line:column: the form is the place to look, not the generated text.
    h('ul', {}, ...placed.map(({ anchorId, problem }) => h('li', {}, h('a', { href: `#${anchorId}` }, formatProblems([{ path: problem.path, message: problem.message }]))))),
  );
}

function load(next: FormState, message: string): void {
  state = next;
  rebuild();
  byId('import-status').replaceChildren(h('p', {}, message));
}

/** Loads a config's text into the form; the file's own problems (as the daemon would see them) are listed. */
function importConfig(text: string): void {
  const status = byId('import-status');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const verdict = parseConfig(text);
    status.replaceChildren(h('p', { class: 'error' }, `Not loaded: ${verdict.ok ? 'unreadable' : formatProblems(verdict.problems)}`));
    return;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    status.replaceChildren(h('p', { class: 'error' }, 'Not loaded: a config file holds one JSON object, { ... }.'));
    return;
  }
  const verdict = parseConfig(text);
  load(
    formStateFromJson(json as Record<string, unknown>),
    verdict.ok ? 'Loaded: the file is valid.' : `Loaded: the file has ${verdict.problems.length} problem${verdict.problems.length === 1 ? '' : 's'}, shown at their fields:`,
  );
  // As check-config prints them, with the file's lines and columns (a repeated key shows only here: the form keeps one).
  if (!verdict.ok) status.append(h('pre', { class: 'error' }, formatProblems(verdict.problems)));
}

async function copyConfig(): Promise<void> {
  const status = byId('copy-status');
  try {
    await navigator.clipboard.writeText(configText());
    status.textContent = 'Copied to the clipboard.';
  } catch {
    // No clipboard access (e.g. a page opened from a file in some browsers): select the text for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents(byId(TOP_ANCHOR));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    status.textContent = 'Selected: press Ctrl+C (or \u2318C) to copy.';
  }
}

function downloadConfig(): void {
  const url = URL.createObjectURL(new Blob([configText()], { type: 'application/json' }));
  const link = h('a', { href: url, download: 'config.json' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

byId('app').replaceChildren(skeleton());
rebuild();
