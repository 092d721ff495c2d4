// 工作台: the pages of the clerk's window. Plain JavaScript, no build step.
//
// Every text from a file (a cell, a name, a reason) is put in the page as text, never as
// markup: `h()` builds elements, and nothing here sets innerHTML from data.
'use strict';

const TOKEN = document.querySelector('meta[name=token]').content;
const main = document.getElementById('main');

// ---- helpers ---------------------------------------------------------------------------

/** An element: h('td', {class: 'v', onclick: f, dataset: {pos: '0,1,2'}}, 'text', child…) */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A request to the server with the token; the answer's JSON, or an Error with its words. */
async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: { 'X-Token': TOKEN } };
  if (options.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  if (options.body !== undefined) init.body = options.body;
  const response = await fetch(path, init);
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (!response.ok) {
    throw new Error((data && data['错误']) || `请求失败（${response.status}）`);
  }
  return data;
}

/** The address of a file of the results, to download or (PDF, inline) to show. */
function fileUrl(path, inline) {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `/api/files/${encoded}?token=${TOKEN}${inline ? '&inline=1' : ''}`;
}

function toast(text, bad) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.className = bad ? 'toast bad' : 'toast';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 9000 : 4000);
}

/** `20261208-025912` (Beijing time, as the server stamps) → `2026-12-08 02:59`. */
function when(stamp) {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})/.exec(stamp || '');
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : (stamp || '');
}

function size(bytes) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function posKey(at) {
  if (!at) return null;
  if (Array.isArray(at)) return `${at[0]},${at[1]},${at[2]}`;
  return `${at.part || 0},${at.row},${at.col}`;
}

function gradeClass(g) {
  return { '优': 'g-a', '良': 'g-b', '中': 'g-c', '差': 'g-d', '待核': 'g-q' }[g] || '';
}

// ---- state shared by the pages -----------------------------------------------------------

const app = {
  status: null,       // the run's status, as pushed
  state: null,        // /api/state
  forms: null,        // /api/forms, for the generation it was loaded at
  formsGeneration: -1,
  filters: { q: '', department: '', unit: '', grade: '', errors: '', conclusion: '', sort: 'no', desc: false },
  browsing: null,     // the folder browser's target input
};

async function loadState() {
  app.state = await api('/api/state');
  app.status = app.state.status;
  showRunState();
  return app.state;
}

async function loadForms() {
  const generation = app.status ? app.status.generation : 0;
  if (!app.forms || app.formsGeneration !== generation) {
    const data = await api('/api/forms');
    app.forms = data.forms;
    app.formsGeneration = data.generation;
  }
  return app.forms;
}

// ---- the run's progress, pushed by the server ----------------------------------------------

function listen() {
  const events = new EventSource(`/api/events?token=${TOKEN}`);
  events.addEventListener('status', (e) => {
    const before = app.status;
    app.status = JSON.parse(e.data);
    showRunState();
    const progress = document.getElementById('progress');
    if (progress) drawProgress(progress);
    const finished = before && before.generation !== app.status.generation;
    if (finished && app.status.purpose === 'run') {
      if (app.status.state === 'done') toast(app.status.message);
      else if (app.status.state === 'failed') toast(app.status.message, true);
      loadState().then(() => { if (route().page !== 'start' && route().page !== 'form') render(); });
    }
  });
}

function showRunState() {
  const el = document.getElementById('run-state');
  const s = app.status;
  el.replaceChildren();
  if (s && s.state === 'running') {
    el.append(h('span', { class: 'pulse' }), s.purpose === 'decision'
      ? '正在保存决定并更新结果…'
      : `正在复核：已读取 ${s.read}/${s.files || '…'} 个文件，${s.forms} 份表`);
  } else if (app.state && app.state.loaded) {
    // The folder's own name (its whole path on hover): a long path would not fit the bar.
    const l = app.state.loaded;
    const name = String(l.input).split(/[\\/]/).filter(Boolean).pop() || l.input;
    el.title = l.input;
    el.append(`当前结果：${name}（${l.forms} 份表，${when(l.finished)}）`);
  } else {
    el.append('尚未复核');
  }
}

function drawProgress(box) {
  const s = app.status;
  box.replaceChildren();
  if (!s || s.state === 'idle') return;
  const fraction = s.state === 'running'
    ? (s.writing ? 0.9 + 0.1 * (s.pdfs / Math.max(1, s.writing)) : 0.9 * (s.read / Math.max(1, s.files)))
    : 1;
  const fill = h('div', { class: 'fill' });
  fill.style.width = `${Math.round(fraction * 100)}%`;
  box.append(h('div', { class: `meter ${s.state}` }, fill));
  if (s.state === 'running') {
    box.append(h('p', {}, `已读取 ${s.read} / ${s.files || '…'} 个文件，找到 ${s.forms} 份表`));
    if (s.writing) box.append(h('p', {}, `正在写出结果：PDF ${s.pdfs} / ${s.writing}`));
    else if (s.file) box.append(h('p', { class: 'muted' }, `刚读完：${s.file}`));
  } else if (s.state === 'done') {
    box.append(h('p', { class: 'ok' }, s.message), h('p', {},
      h('a', { href: '#/overview', class: 'button' }, '查看总览'), ' ',
      h('a', { href: '#/forms', class: 'button' }, '逐份查看'), ' ',
      h('a', { href: '#/downloads', class: 'button' }, '下载结果')));
  } else if (s.state === 'failed') {
    box.append(h('p', { class: 'bad' }, s.message));
  }
}

// ---- pages ---------------------------------------------------------------------------------

function route() {
  const parts = (location.hash || '#/start').slice(2).split('/');
  return { page: parts[0] || 'start', arg: parts[1] };
}

async function render() {
  const { page, arg } = route();
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('on', a.dataset.page === page || (page === 'form' && a.dataset.page === 'forms'));
  }
  const pages = { start: startPage, overview: overviewPage, forms: formsPage, form: formPage, downloads: downloadsPage };
  const draw = pages[page] || startPage;
  try {
    const content = await draw(arg);
    main.replaceChildren(content);
  } catch (e) {
    main.replaceChildren(h('section', { class: 'card' }, h('p', { class: 'bad' }, e.message),
      h('p', {}, h('a', { href: '#/start', class: 'button' }, '回到开始'))));
  }
}

// 开始 ----------------------------------------------------------------------------------------

async function startPage() {
  const state = await loadState();
  const choice = state.choice || {};
  const input = h('input', { id: 'input', class: 'path', placeholder: '例如 D:\\2025年自评表（可粘贴路径）', value: choice.input || '' });
  const previous = h('input', { id: 'previous', class: 'path', placeholder: '上年的结果文件夹、forms.json 或上年收到的表（可不填）', value: choice.previous || '' });
  const running = app.status && app.status.state === 'running';
  const go = h('button', { id: 'go', class: 'primary', disabled: running, onclick: () => startRun(input.value, previous.value) }, '开始复核');
  const progress = h('div', { id: 'progress', class: 'progress' });
  drawProgress(progress);
  const drop = h('div', { id: 'drop', class: 'drop' },
    h('strong', {}, '或把收到的文件、文件夹拖到这里'),
    h('span', { class: 'muted' }, `（保存到工作文件夹后复核；一次最多 ${state.limits.files} 个文件，单个不超过 ${size(state.limits.file_bytes)}）`));
  wireDrop(drop, input, previous);
  return h('div', { class: 'start' },
    h('section', { class: 'card' },
      h('h2', {}, '收到的自评表'),
      h('p', { class: 'muted' }, '选择各单位报送的自评表所在的文件夹（含子文件夹）：工作簿、文本、PDF、Word 都可以。'),
      h('div', { class: 'row' }, input, h('button', { onclick: () => openBrowser(input) }, '浏览…')),
      drop,
      h('h2', {}, '上年资料（可选）'),
      h('div', { class: 'row' }, previous, h('button', { onclick: () => openBrowser(previous) }, '浏览…')),
      h('div', { class: 'row actions' }, go,
        h('span', { class: 'muted' }, `结果保存在 ${state.workdir} 的“结果”文件夹中；复核记录中已填写的决定会保留。`)),
      progress),
    h('div', { id: 'browser' }));
}

async function startRun(input, previous) {
  try {
    await api('/api/run', { method: 'POST', json: { input, previous } });
    app.status = Object.assign({}, app.status, { state: 'running', read: 0, files: 0, forms: 0, writing: 0, pdfs: 0, file: '' });
    const go = document.getElementById('go');
    if (go) go.disabled = true;
    const progress = document.getElementById('progress');
    if (progress) drawProgress(progress);
  } catch (e) {
    toast(e.message, true);
  }
}

/** The folder browser: folders of this computer, one level at a time. */
async function openBrowser(target, path) {
  const box = document.getElementById('browser');
  let data;
  try {
    data = await api(`/api/browse?path=${encodeURIComponent(path !== undefined ? path : target.value)}`);
  } catch (e) {
    if (path === undefined && target.value) return openBrowser(target, '');
    toast(e.message, true);
    return;
  }
  const go = (p) => openBrowser(target, p);
  const list = h('ul', { class: 'folders' },
    data.folders.map((f) => h('li', {}, h('button', { class: 'link folder', onclick: () => go(f.path) }, f.name))));
  box.replaceChildren(h('div', { class: 'modal' }, h('div', { class: 'dialog' },
    h('h3', {}, '选择文件夹'),
    h('div', { class: 'row' }, data.roots.map((r) => h('button', { class: 'small', onclick: () => go(r) }, r))),
    h('p', { class: 'where' }, data.path),
    h('p', { class: 'muted' }, `此文件夹中有 ${data.readable} 个可读取的文件，${data.folders.length} 个子文件夹`),
    h('div', { class: 'row' },
      data.parent ? h('button', { onclick: () => go(data.parent) }, '返回上一级') : null),
    list,
    h('div', { class: 'row actions' },
      h('button', { class: 'primary', onclick: () => { target.value = data.path; box.replaceChildren(); } }, '选择此文件夹'),
      h('button', { onclick: () => box.replaceChildren() }, '取消')))));
}

/** Files dropped on the page (folders walked), saved into a new folder of the working folder. */
function wireDrop(zone, input, previous) {
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = await droppedFiles(e.dataTransfer);
    const limits = app.state.limits;
    const total = files.reduce((n, f) => n + f.file.size, 0);
    const big = files.find((f) => f.file.size > limits.file_bytes);
    if (!files.length) return toast('没有拖入文件', true);
    if (files.length > limits.files) return toast(`一次最多拖入 ${limits.files} 个文件（拖入了 ${files.length} 个）`, true);
    if (big) return toast(`“${big.path}”太大（${size(big.file.size)}），单个文件最多 ${size(limits.file_bytes)}`, true);
    if (total > limits.total_bytes) return toast(`拖入的文件合计 ${size(total)}，一次最多 ${size(limits.total_bytes)}`, true);
    try {
      const drop = await api('/api/drops', { method: 'POST' });
      let done = 0;
      for (const f of files) {
        await api(`/api/drops/${encodeURIComponent(drop.id)}?path=${encodeURIComponent(f.path)}`, { method: 'PUT', body: f.file });
        done += 1;
        zone.querySelector('strong').textContent = `正在保存拖入的文件：${done} / ${files.length}`;
      }
      input.value = drop.path;
      zone.querySelector('strong').textContent = `已保存 ${files.length} 个文件，正在复核…`;
      await startRun(drop.path, previous.value);
    } catch (err) {
      toast(err.message, true);
    }
  });
}

async function droppedFiles(transfer) {
  const out = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ path: prefix + file.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  const entries = [...transfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (entries.length) {
    for (const entry of entries) await walk(entry, '');
  } else {
    for (const file of transfer.files) out.push({ path: file.name, file });
  }
  return out;
}

// 总览 ----------------------------------------------------------------------------------------

async function overviewPage() {
  const o = await api('/api/overview');
  const card = (n, label, cls) => h('div', { class: `stat ${cls || ''}` }, h('b', {}, n), h('span', {}, label));
  const formLink = (f) => h('a', { href: `#/form/${f.i}` }, `${f.unit} · ${f.project}`);
  return h('div', { class: 'overview' },
    h('div', { class: 'stats' },
      card(o.files, '个文件'), card(o.forms, '份表'), card(o.counted, '份计入合计'),
      card(o.duplicates, '份重复报送', o.duplicates ? 'warn' : ''),
      card(o.rejected.length, '个文件未能读取', o.rejected.length ? 'warn' : ''),
      card(o.doubtful.length, '份读取存疑', o.doubtful.length ? 'bad' : ''),
      card(o.with_errors, '份有错误', o.with_errors ? 'bad' : '')),
    h('div', { class: 'columns' },
      h('div', {},
        h('section', { class: 'card' }, h('h2', {}, '读取存疑的表（请先核对）'),
          o.doubtful.length ? h('ul', {}, o.doubtful.map((f) => h('li', {}, formLink(f), h('span', { class: 'muted' }, ` ${f.where}`))))
            : h('p', { class: 'muted' }, '没有读取存疑的表。')),
        h('section', { class: 'card' }, h('h2', {}, '未能读取的文件'),
          o.rejected.length ? h('table', { class: 'list' }, h('tbody', {}, o.rejected.map((r) => h('tr', {}, h('td', { class: 'nowrap' }, r.file), h('td', {}, r.reason.startsWith(`${r.file}：`) ? r.reason.slice(r.file.length + 1) : r.reason)))))
            : h('p', { class: 'muted' }, '每个文件都已读取。'))),
      h('div', {},
        h('section', { class: 'card' }, h('h2', {}, '复核决定'),
          h('table', { class: 'list' }, h('tbody', {}, o.decisions.map((d) => h('tr', {}, h('td', {}, d.conclusion), h('td', { class: 'num' }, d.count)))))),
        h('section', { class: 'card' }, h('h2', {}, '等级（计入合计的表）'),
          h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, '等级'), h('th', { class: 'num' }, '自评'), h('th', { class: 'num' }, '复核'))),
            h('tbody', {}, o.grades.filter((g) => g.reported || g.rescored).map((g) => h('tr', {}, h('td', { class: gradeClass(g.grade) }, g.grade), h('td', { class: 'num' }, g.reported), h('td', { class: 'num' }, g.rescored)))))),
        h('section', { class: 'card' }, h('h2', {}, '发现的问题（按类型）'),
          o.findings.length ? h('table', { class: 'list' }, h('tbody', {}, o.findings.map((f) => h('tr', {},
            h('td', {}, h('span', { class: `sev ${f.severity === '错误' ? 'bad' : 'warn'}` }, f.severity)), h('td', {}, f.title), h('td', { class: 'muted' }, f.code), h('td', { class: 'num' }, f.count)))))
            : h('p', { class: 'muted' }, '没有发现问题。')))));
}

// 表单 ----------------------------------------------------------------------------------------

const GRADES = ['优', '良', '中', '差', '待核', '未评分'];
const CONCLUSIONS = ['通过', '退回修改', '待复核'];

async function formsPage() {
  const forms = await loadForms();
  const f = app.filters;
  const distinct = (k) => [...new Set(forms.map((r) => r[k]).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const select = (key, label, options) => h('label', {}, label, ' ', h('select', {
    dataset: { filter: key },
    onchange: (e) => { f[key] = e.target.value; draw(); },
  }, h('option', { value: '' }, '全部'), options.map((o) => h('option', { value: o, selected: f[key] === o }, o))));
  const search = h('input', { id: 'search', type: 'search', placeholder: '搜索项目、单位、文件…', value: f.q, oninput: (e) => { f.q = e.target.value; draw(); } });
  const body = h('tbody');
  const count = h('span', { class: 'muted' });
  const columns = [
    ['no', '序号'], ['department', '主管部门'], ['unit', '实施单位'], ['project', '项目名称'],
    ['reported', '自评'], ['rescored', '复核'], ['rescored_grade', '复核等级'], ['final', '最终'],
    ['errors', '错误'], ['warnings', '警告'], ['conclusion', '复核结论'],
  ];
  const numeric = new Set(['no', 'reported', 'rescored', 'final', 'errors', 'warnings']);
  const head = h('tr', {}, columns.map(([k, label]) => h('th', {
    class: `${numeric.has(k) ? 'num' : ''} sortable ${f.sort === k ? (f.desc ? 'desc' : 'asc') : ''}`,
    onclick: () => { if (f.sort === k) f.desc = !f.desc; else { f.sort = k; f.desc = false; } render(); },
  }, label)));
  function draw() {
    const q = f.q.trim().toLowerCase();
    let rows = forms.filter((r) =>
      (!f.department || r.department === f.department) &&
      (!f.unit || r.unit === f.unit) &&
      (!f.grade || r.rescored_grade === f.grade) &&
      (!f.errors || (f.errors === '有错误' ? r.errors > 0 : r.errors === 0)) &&
      (!f.conclusion || (r.conclusion || '未复核') === f.conclusion) &&
      (!q || [r.department, r.unit, r.project, r.file].some((v) => (v || '').toLowerCase().includes(q))));
    const key = f.sort;
    const value = (r) => (numeric.has(key) ? (r[key] === null ? -1 : Number(r[key])) : (r[key] || ''));
    rows = rows.slice().sort((a, b) => {
      const x = value(a); const y = value(b);
      const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return f.desc ? -c : c;
    });
    body.replaceChildren(...rows.map((r) => h('tr', {
      class: `${r.counted ? '' : 'dim'} ${r.doubtful ? 'doubt' : ''}`,
      dataset: { i: r.i },
      onclick: () => { location.hash = `#/form/${r.i}`; },
    },
    h('td', { class: 'num' }, r.no), h('td', {}, r.department), h('td', {}, r.unit),
    h('td', {}, r.project, r.counted ? null : h('span', { class: 'tag' }, '重复'), r.doubtful ? h('span', { class: 'tag bad' }, '存疑') : null),
    h('td', { class: 'num' }, r.reported ?? '—'), h('td', { class: 'num' }, r.rescored ?? '—'),
    h('td', { class: gradeClass(r.rescored_grade) }, r.rescored_grade),
    h('td', { class: 'num' }, r.final ?? '—'),
    h('td', { class: `num ${r.errors ? 'bad' : ''}` }, r.errors), h('td', { class: `num ${r.warnings ? 'warn' : ''}` }, r.warnings),
    h('td', {}, r.conclusion || h('span', { class: 'muted' }, '未复核')))));
    count.textContent = `共 ${rows.length} 份（全部 ${forms.length} 份）`;
  }
  draw();
  return h('div', { class: 'forms' },
    h('div', { class: 'filters' }, search,
      select('department', '主管部门', distinct('department')),
      select('unit', '实施单位', distinct('unit')),
      select('grade', '复核等级', GRADES),
      select('errors', '错误', ['有错误', '无错误']),
      select('conclusion', '复核结论', [...CONCLUSIONS, '未复核']),
      count),
    h('div', { class: 'scroll' }, h('table', { class: 'list forms-table' }, h('thead', {}, head), body)));
}

// 表单详情 --------------------------------------------------------------------------------------

/** Marks every element showing position `key` (form fields and source cells alike). */
function mark(key, scroll) {
  for (const el of document.querySelectorAll('.marked')) el.classList.remove('marked');
  if (!key) return;
  const els = [...document.querySelectorAll(`[data-pos="${key}"]`)];
  for (const el of els) el.classList.add('marked');
  if (scroll) {
    const inSource = els.find((el) => el.closest('.source'));
    const inForm = els.find((el) => el.closest('.official'));
    const target = scroll === 'source' ? inSource : inForm;
    if (target) target.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  }
}

/** A rate as the form means it (`0.985` → `98.5%`), shifting the decimal point in the text. */
function percent(text) {
  if (text === null || text === undefined || text === '') return text;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!m) return text;
  const digits = (m[2] + ((m[3] || '') + '00').slice(0, Math.max(2, (m[3] || '').length))).replace(/^0+(?=\d)/, '');
  const cut = digits.length - Math.max(0, (m[3] || '').length - 2);
  const whole = digits.slice(0, cut).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(cut).replace(/0+$/, '');
  return `${m[1]}${whole}${fraction ? '.' + fraction : ''}%`;
}

/** A value of the form: its text, where it came from, and the findings on it. */
function value(located, flagged, shown) {
  if (!located) return h('td', { class: 'v empty' });
  const key = posKey(located.at);
  const text = shown !== undefined ? shown : (located.value ?? '');
  const problems = key ? flagged.get(key) : null;
  return h('td', {
    class: `v ${key ? 'has-pos' : ''} ${problems ? 'flag' : ''}`,
    dataset: key ? { pos: key } : {},
    title: problems ? problems.map((p) => `${p.severity}：${p.message}`).join('\n') : (located.raw && located.raw !== String(text) ? `原文：${located.raw}` : ''),
    onmouseenter: key ? () => mark(key) : null,
    onclick: key ? () => mark(key, 'source') : null,
  }, text === '' || text === null ? '' : String(text));
}

function officialForm(d, flagged) {
  const form = d.form;
  const v = (x, shown) => value(x, flagged, shown);
  const label = (text, span) => h('th', { colspan: span || 1 }, text);
  const rows = [];
  rows.push(h('tr', {}, h('td', { class: 'title', colspan: 9 }, '项目支出绩效自评表', h('div', { class: 'sub' }, `（${form.year.value ?? '    '} 年度）`))));
  rows.push(h('tr', {}, label('项目名称', 2), with_span(v(form.project_name), 7)));
  rows.push(h('tr', {}, label('主管部门', 2), with_span(v(form.department), 3), label('实施单位', 1), with_span(v(form.implementing_unit), 3)));
  // Funds: as the form wrote its rows, else the standard four.
  rows.push(h('tr', { class: 'head' }, label('项目资金（元）', 2), label('年初预算数'), label('全年预算数'), label('全年执行数'), label('分值'), label('执行率'), label('得分'), label('')));
  const funds = form.funds;
  const fundRows = funds.rows && funds.rows.length ? funds.rows.map((r) => ({
    label: r.label, a: r.amounts, weight: r.weight, rate: r.execution_rate, score: r.score,
  })) : [
    { label: { value: '年度资金总额' }, a: funds.total, weight: funds.weight, rate: funds.execution_rate, score: funds.score },
    { label: { value: '其中：当年财政拨款' }, a: funds.current_year_appropriation },
    { label: { value: '上年结转资金' }, a: funds.carryover },
    { label: { value: '其他资金' }, a: funds.other },
  ];
  for (const r of fundRows) {
    rows.push(h('tr', {}, with_span(v(r.label), 2), v(r.a.initial), v(r.a.adjusted), v(r.a.executed),
      r.weight ? v(r.weight) : h('td'), r.rate ? v(r.rate, percent(r.rate.value)) : h('td'), r.score ? v(r.score) : h('td'), h('td')));
  }
  rows.push(h('tr', {}, label('年度总体目标', 2), label('预期目标', 3), label('实际完成情况', 4)));
  rows.push(h('tr', { class: 'goal' }, h('td', { colspan: 2 }), with_span(v(form.goal.expected), 3), with_span(v(form.goal.achieved), 4)));
  rows.push(h('tr', { class: 'head' }, label('一级指标'), label('二级指标'), label('三级指标'), label('年度指标值'), label('实际完成值'), label('分值'), label('得分'), label('复核得分'), label('偏差原因分析及改进措施')));
  // Findings about an indicator, shown on its row (beside the cells they name).
  const byIndicator = new Map();
  for (const f of d.findings) {
    if (f.indicator && !f.dismissed) {
      if (!byIndicator.has(f.indicator)) byIndicator.set(f.indicator, []);
      byIndicator.get(f.indicator).push(f);
    }
  }
  form.indicators.forEach((ind, k) => {
    const again = d.indicators[k] || {};
    const about = byIndicator.get(ind.level3.value) || [];
    const name = v(ind.level3);
    if (about.length) {
      const worst = about.some((f) => f.severity === '错误') ? 'bad' : 'warn';
      name.append(h('span', { class: `badge ${worst}`, title: about.map((f) => `${f.severity}：${f.message}`).join('\n') }, `${about.length} 个问题`));
    }
    const differs = !again.kept && again.rescored !== null && again.rescored !== undefined && again.rescored !== ind.score.value;
    const first1 = k === 0 || form.indicators[k - 1].level1.value !== ind.level1.value;
    const first2 = first1 || form.indicators[k - 1].level2.value !== ind.level2.value;
    rows.push(h('tr', { dataset: { indicator: ind.level3.value } },
      first1 ? v(ind.level1) : h('td', { class: 'same' }),
      first2 ? v(ind.level2) : h('td', { class: 'same' }),
      name, v(ind.target), v(ind.actual), v(ind.weight), v(ind.score),
      h('td', { class: `num rescored ${differs ? 'differs' : ''}`, title: again.reason || '' }, again.rescored ?? '—'),
      v(ind.remark)));
  });
  rows.push(h('tr', { class: 'total' }, label('总分', 5), v(form.total.weight), v(form.total.score),
    h('td', { class: 'num rescored' }, d.summary.rescored ?? '—'), h('td', {}, `复核等级：${d.summary.rescored_grade}`)));
  for (const s of form.sections || []) {
    rows.push(h('tr', {}, h('th', { colspan: 2 }, s.label.value || s.name), with_span(v(s.value), 7)));
  }
  return h('table', { class: 'official' }, h('tbody', {}, rows));
}

function with_span(td, span) {
  td.colSpan = span;
  return td;
}

/** The source: each grid (a sheet, a Word table, a PDF page) as a table, merged cells merged. */
function sourceView(src, formId, kind) {
  const parts = [];
  for (const grid of src.grids) {
    // Rows grouped by part (a Word table, a PDF page); a sheet and a text copy are one part.
    const byPart = new Map();
    grid.rows.forEach((row, r) => {
      const part = row.length ? row[0][1] : (byPart.size ? [...byPart.keys()].pop() : 0);
      if (!byPart.has(part)) byPart.set(part, []);
      byPart.get(part).push(r);
    });
    const merges = new Map();
    const hidden = new Set();
    for (const [r0, c0, r1, c1] of grid.merges) {
      merges.set(`${r0},${c0}`, [r1 - r0 + 1, c1 - c0 + 1]);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (r !== r0 || c !== c0) hidden.add(`${r},${c}`);
    }
    for (const [part, rowIndexes] of byPart) {
      const width = Math.max(1, ...rowIndexes.map((r) => grid.rows[r].length));
      const firstCol = kind === 'sheet' ? Math.min(...rowIndexes.flatMap((r) => grid.rows[r].slice(0, 1).map((c) => c[3]))) : 0;
      const head = kind === 'sheet'
        ? h('tr', {}, h('th', { class: 'corner' }), Array.from({ length: width }, (_, c) => h('th', {}, letters((Number.isFinite(firstCol) ? firstCol : 0) + c))))
        : null;
      const body = rowIndexes.map((r) => {
        const row = grid.rows[r];
        const line = row.length ? row[0][2] + 1 : '';
        const cells = [];
        for (let c = 0; c < width; c++) {
          if (hidden.has(`${r},${c}`)) continue;
          const cell = row[c];
          const span = merges.get(`${r},${c}`);
          if (!cell) { cells.push(h('td', { rowspan: span ? span[0] : null, colspan: span ? span[1] : null })); continue; }
          const key = `${cell[1]},${cell[2]},${cell[3]}`;
          cells.push(h('td', {
            class: cell[4] ? 'err' : '',
            dataset: { pos: key },
            rowspan: span && span[0] > 1 ? span[0] : null,
            colspan: span && span[1] > 1 ? span[1] : null,
            onmouseenter: () => mark(key),
            onclick: () => mark(key, 'form'),
          }, cell[0]));
        }
        return h('tr', {}, h('th', { class: 'line' }, line), cells);
      });
      const caption = kind === 'pdf' ? `第 ${part} 页（按表格线重建的表格）`
        : kind === 'word' ? (part ? `表 ${part}` : '表格外的段落')
          : kind === 'text' ? '文本（按行和制表符分栏）'
            : `工作表“${grid.sheet || ''}”`;
      parts.push(h('div', { class: 'part', dataset: { part } },
        h('div', { class: 'caption' }, caption,
          kind === 'pdf' ? h('a', { href: `/api/forms/${formId}/file?token=${TOKEN}#page=${part}`, target: '_blank', rel: 'noopener' }, ' 打开原 PDF 第 ' + part + ' 页') : null),
        h('table', { class: 'grid' }, head ? h('thead', {}, head) : null, h('tbody', {}, body))));
    }
  }
  if (src.cut) parts.push(h('p', { class: 'warn' }, '原表很大，只显示了前面的部分。'));
  return parts;
}

function letters(col) {
  let n = col + 1; let s = '';
  while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

async function formPage(arg) {
  const i = Number(arg);
  const [d, forms] = await Promise.all([api(`/api/forms/${i}`), loadForms()]);
  const s = d.summary;
  // Findings by the position they concern, for marking the form's cells.
  const flagged = new Map();
  for (const f of d.findings) {
    const key = posKey(f.at);
    if (key && !f.dismissed) { if (!flagged.has(key)) flagged.set(key, []); flagged.get(key).push(f); }
  }
  const source = h('div', { class: 'source' }, h('p', { class: 'muted' }, '正在读取原表…'));
  api(`/api/forms/${i}/source`).then((src) => {
    const where = [src.file, src.sheet ? `工作表“${src.sheet}”` : ''].join(' ');
    source.replaceChildren(h('div', { class: 'source-head' }, h('b', {}, '原表：'), where,
      h('a', { href: `/api/forms/${i}/file?token=${TOKEN}`, target: '_blank', rel: 'noopener' }, ' 打开原文件')),
    ...sourceView(src, i, src.kind));
    // The form's first part in view: its first row.
    const first = d.form.project_name.at;
    if (first) { const key = posKey(first); const el = source.querySelector(`[data-pos="${key}"]`); if (el) el.scrollIntoView({ block: 'center' }); }
  }).catch((e) => source.replaceChildren(h('p', { class: 'bad' }, e.message)));
  const position = forms.findIndex((f) => f.i === i);
  const nav = h('div', { class: 'form-nav' },
    h('a', { href: '#/forms' }, '← 表单列表'),
    position > 0 ? h('a', { href: `#/form/${forms[position - 1].i}` }, '上一份') : null,
    position >= 0 && position < forms.length - 1 ? h('a', { href: `#/form/${forms[position + 1].i}` }, '下一份') : null,
    h('b', {}, `${s.unit} · ${s.project}`),
    h('span', { class: 'muted' }, `汇总序号 ${s.no}，${s.where}`),
    s.pdf ? h('a', { href: fileUrl(s.pdf, true), target: '_blank', rel: 'noopener' }, '打印版 PDF') : null);
  return h('div', { class: 'detail' }, nav,
    h('div', { class: 'split' },
      h('div', { class: 'left' },
        h('div', { class: 'scores' },
          h('span', {}, `自评 ${s.reported ?? '—'} 分（${s.reported_grade}）`),
          h('span', {}, `复核 ${s.rescored ?? '—'} 分（`, h('b', { class: gradeClass(s.rescored_grade) }, s.rescored_grade), '）'),
          h('span', {}, `最终 ${s.final ?? '—'} 分（${s.final_grade}）`),
          h('span', { class: s.errors ? 'bad' : '' }, `错误 ${s.errors}`),
          h('span', { class: s.warnings ? 'warn' : '' }, `警告 ${s.warnings}`)),
        d.duplicate ? h('p', { class: 'warn' }, '重复报送：计入合计的是',
          h('a', { href: `#/form/${d.duplicate.kept}` }, `汇总序号 ${d.duplicate.kept_no} 的一份`), `（${d.duplicate.why}）。`) : null,
        h('div', { class: 'paper' }, officialForm(d, flagged)),
        findingsPanel(d, i),
        notesPanel(d),
        decisionPanel(d, i, forms)),
      source));
}

function findingsPanel(d, i) {
  const items = d.findings.map((f) => {
    const key = posKey(f.at);
    // A finding counts (采纳) unless the reviewer marks it 不采纳: the workbook reads a blank 处理 so.
    const handling = h('select', { dataset: { finding: f.k } },
      h('option', { value: '采纳', selected: !f.dismissed }, '采纳'),
      h('option', { value: '不采纳', selected: f.dismissed }, '不采纳'));
    const note = h('input', { placeholder: '说明（可不填）', class: 'note' });
    const save = h('button', { class: 'small', onclick: async () => {
      save.disabled = true;
      try {
        const r = await api(`/api/forms/${i}/findings/${f.k}`, { method: 'POST', json: { handling: handling.value, note: note.value } });
        toast(r.message);
        render();
      } catch (e) { toast(e.message, true); save.disabled = false; }
    } }, '保存');
    return h('li', {
      class: `finding ${f.dismissed ? 'dismissed' : ''}`,
      dataset: key ? { pos: key } : {},
      onmouseenter: key ? () => mark(key) : null,
      onclick: key ? (e) => { if (e.target.closest('select,input,button')) return; mark(key, 'source'); mark(key); } : null,
    },
    h('span', { class: `sev ${f.severity === '错误' ? 'bad' : 'warn'}` }, f.dismissed ? '不采纳' : f.severity),
    h('b', {}, f.title), f.where ? h('span', { class: 'muted' }, ` ${f.where}`) : null,
    f.indicator ? h('span', { class: 'muted' }, ` 【${f.indicator}】`) : null,
    h('div', {}, f.message),
    h('div', { class: 'row handle' }, '处理：', handling, note, save));
  });
  return h('section', { class: 'card' }, h('h3', {}, `发现的问题（${d.findings.length}）`),
    items.length ? h('ul', { class: 'findings' }, items) : h('p', { class: 'muted' }, '没有发现问题。'),
    d.resolved.length ? h('div', {}, h('h4', {}, '上次有、这次已改正的问题'), h('ul', {}, d.resolved.map((r) => h('li', { class: 'ok' }, r)))) : null);
}

function notesPanel(d) {
  const notes = d.form.notes || [];
  if (!notes.length) return null;
  return h('section', { class: 'card' }, h('h3', {}, '读取说明'),
    h('ul', {}, notes.map((n) => {
      const key = posKey(n.at);
      return h('li', { dataset: key ? { pos: key } : {}, onclick: key ? () => mark(key, 'source') : null },
        n.message, h('span', { class: 'muted' }, `（规则 ${n.rule}）`));
    })));
}

function decisionPanel(d, i, forms) {
  const r = d.review || {};
  const conclusion = h('select', { id: 'conclusion' }, h('option', { value: '' }, '（未定）'),
    CONCLUSIONS.map((c) => h('option', { value: c, selected: r.conclusion === c }, c)));
  const score = h('input', { id: 'score', inputmode: 'decimal', placeholder: `不填则按复核总分 ${d.summary.rescored ?? ''}`, value: r.score ?? '' });
  const opinion = h('textarea', { id: 'opinion', rows: 3, placeholder: '复核意见（退回修改时写明要改什么）' });
  opinion.value = r.opinion || '';
  const reviewer = h('input', { id: 'reviewer', placeholder: '复核人', value: r.reviewer || localStorage.getItem('reviewer') || '' });
  const date = h('input', { id: 'date', type: 'date', value: r.date || today() });
  const hasCopies = d.duplicate || forms.some((f) => f.duplicate_of === i);
  const copy = hasCopies ? h('select', { id: 'copy' }, h('option', { value: '' }, '（按规则）'), ['是', '否'].map((c) => h('option', { value: c }, c))) : null;
  const state = h('span', { class: 'muted' });
  const save = h('button', { id: 'save-decision', class: 'primary', onclick: async () => {
    save.disabled = true;
    state.textContent = '正在保存到复核记录并更新结果…';
    localStorage.setItem('reviewer', reviewer.value);
    try {
      const answer = await api(`/api/forms/${i}/decision`, { method: 'POST', json: {
        conclusion: conclusion.value, score: score.value, opinion: opinion.value,
        reviewer: reviewer.value, date: date.value, copy: copy ? copy.value : '',
      } });
      toast(answer.message);
      await render();
    } catch (e) {
      state.textContent = '';
      toast(e.message, true);
      save.disabled = false;
    }
  } }, '保存到复核记录');
  return h('section', { class: 'card decision' }, h('h3', {}, '复核决定'),
    h('div', { class: 'fields' },
      h('label', {}, '复核结论', conclusion),
      h('label', {}, '复核得分', score),
      h('label', {}, '复核人', reviewer),
      h('label', {}, '复核日期', date),
      copy ? h('label', {}, '计入合计', copy) : null),
    h('label', { class: 'wide' }, '复核意见', opinion),
    h('div', { class: 'row actions' }, save, state,
      h('span', { class: 'muted' }, '保存在复核记录.xlsx 中，与在 Excel 中填写相同；汇总表、PDF 和通知随之更新。')));
}

// 下载 ----------------------------------------------------------------------------------------

async function downloadsPage() {
  const data = await api('/api/files');
  const groups = [
    ['汇总', (p) => /^(summary\.xlsx|forms\.json|findings\.json|rejected\.json|comparison\.json)$/.test(p)],
    ['汇编与分析报告', (p) => /^(booklet.*\.pdf|report\.(pdf|docx))$/.test(p)],
    ['复核记录', (p) => p.startsWith('复核记录')],
    ['退回修改通知', (p) => p.startsWith('notices/')],
    ['每份表的 PDF', (p) => p.startsWith('pdf/')],
    ['其他', () => true],
  ];
  const placed = new Set();
  const sections = groups.map(([title, test]) => {
    const files = data.files.filter((f) => !placed.has(f.path) && test(f.path));
    for (const f of files) placed.add(f.path);
    if (!files.length) return null;
    return h('section', { class: 'card' }, h('h2', {}, title, h('span', { class: 'muted' }, ` ${files.length} 个文件`)),
      h('ul', { class: 'files' }, files.map((f) => h('li', {},
        h('a', { href: fileUrl(f.path), download: f.path.split('/').pop() }, f.path),
        h('span', { class: 'muted' }, ` ${size(f.bytes)}`),
        f.path.endsWith('.pdf') ? h('a', { href: fileUrl(f.path, true), target: '_blank', rel: 'noopener', class: 'small' }, ' 查看') : null))));
  });
  return h('div', { class: 'downloads' },
    h('p', {}, '结果文件夹：', h('code', {}, data.output)),
    sections);
}

// ---- start ---------------------------------------------------------------------------------

window.addEventListener('hashchange', render);
loadState().then(() => {
  // Setting the address draws the page (hashchange); drawing it here too would draw it
  // twice, the second time over what the clerk began typing.
  if (!location.hash) location.hash = app.state.loaded ? '#/overview' : '#/start';
  else render();
}).catch((e) => toast(e.message, true));
listen();
