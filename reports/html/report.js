// report.html: draws a tlsconform run from the report.json object embedded in #report-data
// (reports/SCHEMA.md). Plain DOM, no framework, nothing fetched. Every piece of run data goes
// into the page through textContent or attributes, never as markup.
//
// Stable hooks for tests and people: matrix and disagreement cells carry data-case-id and
// data-verdict; filters are #filter-family, #filter-backend, #filter-version, #filter-verdict,
// #filter-requirement; the case detail is #detail with #ladder inside; body[data-ready="true"]
// once the page is drawn.
(function() {
'use strict';

const VERDICTS = ['PASS', 'FAIL', 'KNOWN', 'INFO', 'SKIP', 'CRASH', 'TIMEOUT', 'ERROR'];
const VERDICT_MEANING = {
  PASS: 'behaves as the profile expects',
  FAIL: 'deviates from the profile, not baselined',
  KNOWN: 'deviation listed in the backend\'s baseline',
  INFO: 'informational: no expectation',
  SKIP: 'the backend lacks a capability',
  CRASH: 'a shim crashed',
  TIMEOUT: 'a shim did not answer in time',
  ERROR: 'the harness failed',
};
const ROLE_MEANING = {
  server: 'The backend is the server: it requires and verifies the client certificate that ' +
      'the reference client presents (the service\'s job).',
  client: 'The backend is the client: it presents a valid fixture to the reference server ' +
      'and verifies the server\'s certificate and name (the device\'s job).',
  interop: 'The interoperability matrix: each column is one backend as client (left of the ' +
      'arrow) presenting the fixture to another as server (right), the server in defaults.',
};

const report = JSON.parse(document.getElementById('report-data').textContent);
const cases = Array.isArray(report.cases) ? report.cases : [];
// Each case's matrix column and section: an interop column is a client→server pair, and the
// server role has one section per server configuration.
for (const c of cases) {
  c.column = c.role === 'interop' ? `${c.backend}→${c.peer}` : c.backend;
  c.sides = c.role === 'interop' ? `${c.backend} ${c.peer}` : c.backend;
  c.section = c.role === 'server' ? `server|${c.server_config || 'defaults'}` : c.role;
}
const caseById = new Map(cases.map((c) => [c.id, c]));
const backends = backendOrder();
const versions = uniqueInOrder(cases.map((c) => c.version)).sort();
const families = uniqueInOrder(cases.map((c) => c.family));
const requirements = uniqueInOrder(cases.map((c) => c.requirement)).sort();

const filterFamily = document.getElementById('filter-family');
const filterBackend = document.getElementById('filter-backend');
const filterVersion = document.getElementById('filter-version');
const filterVerdict = document.getElementById('filter-verdict');
const filterRequirement = document.getElementById('filter-requirement');
const detail = document.getElementById('detail');
const detailBody = document.getElementById('detail-body');
const detailTitle = document.getElementById('detail-title');

let shownCaseId = null;
let returnFocusTo = null;

// ---- small helpers ---------------------------------------------------------------------

// el builds an element: attributes from `attrs` (null and false are left out), children
// from strings (as text) and nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function uniqueInOrder(values) {
  const seen = new Set();
  const out = [];
  for (const value of values) {
    if (value !== undefined && value !== null && !seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}

// rankOf maps each value to the position of its first occurrence.
function rankOf(values) {
  return new Map(uniqueInOrder(values).map((value, index) => [value, index]));
}

function backendOrder() {
  const listed = (report.backends || []).map((b) => b.name);
  return uniqueInOrder(listed.concat(cases.map((c) => c.backend)));
}

function versionLabel(version) {
  const match = /^tls(\d)\.(\d)$/.exec(version || '');
  return match ? `TLS ${match[1]}.${match[2]}` : String(version);
}

function none(text) {
  return el('span', {class: 'none'}, text || '—');
}

function orNone(value) {
  return value === null || value === undefined || value === '' ? none() : String(value);
}

function outcomeText(c) {
  if (c.observed === 'REJECT') {
    return 'rejected: ' + (c.reason || 'no reason given');
  }
  if (c.observed === 'ACCEPT') {
    return 'accepted';
  }
  return c.verdict === 'SKIP' ? 'not run' : 'no outcome';
}

function expectedText(c) {
  const expected = c.expected || {};
  return expected.verdict === 'REJECT' && expected.reason ? `REJECT (${expected.reason})` :
                                                            String(expected.verdict || '?');
}

// caseCell is the one way a case is drawn as a cell, in the matrix, the disagreements and
// the detail panel's sibling table.
function caseCell(c) {
  const differs = c.reason_differs ? ' (reason differs)' : '';
  return el(
      'td', {
        'class': `cell v-${c.verdict}`,
        'tabindex': '0',
        'role': 'button',
        'data-case-id': c.id,
        'data-verdict': c.verdict,
        'data-backend': c.column,
        'data-backends': c.sides,
        'data-version': c.version,
        'data-observed': c.observed,
        'title': `${c.verdict}: ${c.detail || ''}${differs}`,
        'aria-label': `${c.id}: ${c.verdict}, ${outcomeText(c)}${differs}`,
      },
      el('span', {class: 'cell-verdict'}, c.verdict + (c.reason_differs ? ' ≠' : '')),
      el('span', {class: 'cell-outcome'}, outcomeText(c)));
}

// fixtureHead is the row header of a fixture: its id and what it is.
function fixtureHead(c) {
  return el(
      'th', {scope: 'row', class: 'fixture-head'}, el('code', null, c.fixture),
      el('span', {class: 'desc'}, c.description));
}

function emptyCell(backend, version) {
  return el(
      'td', {
        'class': 'cell empty',
        'data-backend': backend,
        'data-version': version,
        'title': 'no such case in this run',
      },
      '—');
}

// ---- header, legend, filter options ----------------------------------------------------

function drawHeader() {
  const status = document.getElementById('run-status');
  const clean = report.exit_code === 0;
  status.textContent = `${report.status || '?'} · exit ${report.exit_code}`;
  status.classList.add(clean ? 'ok' : 'bad');
  document.title = `tlsconform ${report.profile || ''} report, ${report.started || ''}`;

  const backendItems =
      (report.backends ||
       []).map((b) => el('li', null, el('strong', null, b.name), ' — ', b.library || '?'));
  const backendList = el('ul', {class: 'backend-list'}, backendItems);
  const filters = (report.filters || []).length ? report.filters.join(', ') : 'none (all cases)';
  const rows = [
    ['Profile', report.profile],
    ['Security policy', report.policy],
    ['Server configurations', (report.server_configurations || []).join(', ')],
    ['Suite', report.suite],
    ['Backends', backendList],
    ['Reference peer', `${report.reference_backend} (security level 0)`],
    ['Started', report.started],
    ['Finished', report.finished],
    ['Status', `${report.status}, complete: ${report.complete}, exit code ${report.exit_code}`],
    ['Seed', report.seed],
    ['Filters', filters],
    ['Strict reasons', report.strict_reasons ? 'yes' : 'no'],
    ['Tier', report.tier],
    ['Gate', 'gate' in report ? (report.gate ? 'yes: stale baseline entries fail' : 'no') : null],
    ['Tool', `tlsconform ${report.tool_version}, report schema ${report.schema_version}`],
  ];
  const info = document.getElementById('run-info');
  for (const [name, value] of rows) {
    if (value === undefined || value === null) {
      continue;  // a field this report's schema version does not have
    }
    info.append(
        el('dt', null, name), el('dd', null, value instanceof Node ? value : orNone(value)));
  }

  const totals = document.getElementById('totals');
  const counts = report.totals || {};
  for (const verdict of VERDICTS) {
    const count = counts[verdict] || 0;
    const attrs = {
      'type': 'button',
      'class': `total-chip v-${verdict}` + (count ? '' : ' zero'),
      'data-verdict': verdict,
      'aria-pressed': 'false',
      'title': `${VERDICT_MEANING[verdict]}: show only these`,
    };
    totals.append(el('button', attrs, `${verdict} ${count}`));
  }
  const total = counts.total ?? cases.length;
  const differing = counts.reason_differs || 0;
  totals.append(
      el('span', {class: 'plain'}, `${total} cases, ${differing} with a differing reason`));

  const stale = Array.isArray(report.stale_baseline) ? report.stale_baseline : [];
  if (stale.length) {
    const items = stale.map((entry) => {
      const what = ` — recorded ${entry.observed || '?'}; ${entry.reason || ''}`;
      return el('li', null, el('code', null, `${entry.backend}: ${entry.case}`), what);
    });
    const intro = 'they matched cases of this run, none of which deviated as recorded.';
    const box =
        el('div', {id: 'stale-baseline', class: 'stale'},
           el('strong', null, `Stale baseline entries (${stale.length}): `), intro,
           el('ul', null, items));
    document.getElementById('run-header').append(box);
  }
}

function drawLegend() {
  const legend = document.getElementById('legend');
  for (const verdict of VERDICTS) {
    legend.append(
        el('span', {class: 'legend-item'},
           el('span', {class: `legend-swatch v-${verdict}`}, verdict), VERDICT_MEANING[verdict]));
  }
  const differs = '≠ rejected for another reason than expected';
  legend.append(el('span', {class: 'legend-item'}, differs));
}

function fillFilterOptions() {
  for (const family of families) {
    filterFamily.append(el('option', {value: family}, family));
  }
  for (const backend of backends) {
    filterBackend.append(el('option', {value: backend}, backend));
  }
  for (const version of versions) {
    filterVersion.append(el('option', {value: version}, versionLabel(version)));
  }
  const counts = report.totals || {};
  for (const verdict of VERDICTS) {
    filterVerdict.append(el('option', {value: verdict}, `${verdict} (${counts[verdict] || 0})`));
  }
  const list = document.getElementById('requirement-list');
  for (const requirement of requirements) {
    list.append(el('option', {value: requirement}));
  }
}

// ---- the matrix: one table per role (and server configuration) -------------------------

function drawMatrix() {
  const view = document.getElementById('view-matrix');
  const sections = uniqueInOrder(cases.map((c) => c.section));
  if (!sections.length) {
    view.append(el('p', {class: 'empty-note'}, 'This run has no cases.'));
    return;
  }
  for (const section of sections) {
    view.append(roleSection(cases.filter((c) => c.section === section)));
  }
}

function roleSection(roleCases) {
  const role = roleCases[0].role;
  const configuration = roleCases[0].server_config || 'defaults';
  const columns = [];
  for (const backend of uniqueInOrder(roleCases.map((c) => c.column))) {
    for (const version of versions) {
      if (roleCases.some((c) => c.column === backend && c.version === version)) {
        columns.push({backend, version});
      }
    }
  }
  const byKey = new Map(roleCases.map((c) => [`${c.fixture}|${c.column}|${c.version}`, c]));

  const groupRow =
      el('tr', null, el('th', {scope: 'col', rowspan: 2}, 'Fixture'),
         el('th', {scope: 'col', rowspan: 2, class: 'col-meta'}, 'Requirement'),
         el('th', {scope: 'col', rowspan: 2, class: 'col-meta'}, 'Expected'));
  const versionRow = el('tr');
  for (const backend of uniqueInOrder(columns.map((c) => c.backend))) {
    const span = columns.filter((c) => c.backend === backend).length;
    const attrs = {scope: 'colgroup', class: 'col-group', colspan: span, 'data-backend': backend};
    groupRow.append(el('th', attrs, backend));
  }
  for (const column of columns) {
    const attrs = {scope: 'col', class: 'col', 'data-backend': column.backend};
    attrs['data-backends'] = column.backend.split('→').join(' ');
    attrs['data-version'] = column.version;
    versionRow.append(el('th', attrs, versionLabel(column.version)));
  }

  const caption = el(
      'caption', {class: 'visually-hidden'}, `${role} role, server configuration ${configuration}`);
  const tableAttrs = {'class': 'matrix', 'data-role': role, 'data-configuration': configuration};
  const table = el('table', tableAttrs, caption, el('thead', null, groupRow, versionRow));

  for (const family of uniqueInOrder(roleCases.map((c) => c.family))) {
    const fixtures =
        uniqueInOrder(roleCases.filter((c) => c.family === family).map((c) => c.fixture));
    const count = `${fixtures.length} fixture${fixtures.length === 1 ? '' : 's'}`;
    const familyHead =
        el('th', {scope: 'rowgroup', colspan: 3 + columns.length}, family,
           el('span', {class: 'count'}, count));
    const body = el('tbody', {'data-family': family}, el('tr', {class: 'family-row'}, familyHead));
    for (const fixture of fixtures) {
      const first = roleCases.find((c) => c.fixture === fixture);
      const attrs = {
        'class': 'fixture-row',
        'data-fixture': fixture,
        'data-family': family,
        'data-requirement': first.requirement,
      };
      const row =
          el('tr', attrs, fixtureHead(first),
             el('td', {class: 'requirement col-meta'}, first.requirement),
             el('td', {class: 'expected col-meta'}, expectedText(first)));
      for (const column of columns) {
        const c = byKey.get(`${fixture}|${column.backend}|${column.version}`);
        row.append(c ? caseCell(c) : emptyCell(column.backend, column.version));
      }
      body.append(row);
    }
    table.append(body);
  }

  const sectionAttrs = {
    'class': 'role-section',
    'id': `matrix-${role}${role === 'server' ? '-' + configuration : ''}`,
    'data-role': role,
    'data-configuration': configuration,
  };
  return el(
      'section', sectionAttrs,
      el('header', null, el('h2', null, `${role} role · server configuration ${configuration}`),
         el('p', {class: 'role-meaning'}, ROLE_MEANING[role] || '')),
      table,
      el('p', {'class': 'empty-note no-match', 'hidden': true},
         'No case of this role matches the filters.'));
}

// ---- disagreements ---------------------------------------------------------------------

// findDisagreements returns every (role, fixture, version) whose backends differ in their
// observed outcome or their verdict, by role and fixture in plan order, then by version.
function findDisagreements() {
  const groups = new Map();
  // Interop cases compare pairs, not backends: their matrix shows them side by side.
  for (const c of cases.filter((item) => item.role !== 'interop')) {
    const key = `${c.section}|${c.fixture}|${c.version}`;
    if (!groups.has(key)) {
      groups.set(key, []);
    }
    groups.get(key).push(c);
  }
  const out = [];
  for (const [key, list] of groups) {
    const observed = new Set(list.map((c) => c.observed));
    const verdicts = new Set(list.map((c) => c.verdict));
    if (list.length > 1 && (observed.size > 1 || verdicts.size > 1)) {
      const what = [observed.size > 1 ? 'outcome' : null, verdicts.size > 1 ? 'verdict' : null];
      out.push({key, list, what: what.filter(Boolean).join(' and ')});
    }
  }
  const roleRank = rankOf(cases.map((c) => c.role));
  const fixtureRank = rankOf(cases.map((c) => c.fixture));
  const versionRank = rankOf(versions);
  const rank =
      (c) => [roleRank.get(c.role), fixtureRank.get(c.fixture), versionRank.get(c.version)];
  return out.sort((a, b) => {
    const [x, y] = [rank(a.list[0]), rank(b.list[0])];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

function drawDisagreements() {
  const view = document.getElementById('view-disagreements');
  const found = findDisagreements();
  document.getElementById('disagreement-count').textContent = `(${found.length})`;

  view.append(
      el('p', {class: 'view-intro'},
         'Every (role, fixture, TLS version) where the backends\' observed outcomes or verdicts ' +
             'differ. Click a cell for the case.'));
  if (backends.length < 2) {
    view.append(
        el('p', {class: 'empty-note'}, 'Only one backend ran: there is nothing to compare.'));
    return;
  }
  if (!found.length) {
    view.append(el('p', {class: 'empty-note'}, 'The backends agree on every case.'));
    return;
  }
  const head =
      el('tr', null, el('th', {scope: 'col'}, 'Role'), el('th', {scope: 'col'}, 'Fixture'),
         el('th', {scope: 'col', class: 'col-meta'}, 'Requirement'),
         el('th', {scope: 'col'}, 'TLS'), el('th', {scope: 'col', class: 'col-meta'}, 'Expected'),
         el('th', {scope: 'col', class: 'col-meta'}, 'Differs in'),
         backends.map((b) => el('th', {scope: 'col', 'data-backend': b}, b)));
  const body = el('tbody');
  for (const {key, list, what} of found) {
    const first = list[0];
    const attrs = {
      'class': 'disagreement',
      'data-key': key,
      'data-role': first.role,
      'data-fixture': first.fixture,
      'data-version': first.version,
      'data-family': first.family,
      'data-requirement': first.requirement,
    };
    const row =
        el('tr', attrs,
           el('td', null,
              first.role === 'server' ? `server (${first.server_config || 'defaults'})` :
                                        first.role),
           fixtureHead(first),
           el('td', {class: 'requirement col-meta'}, first.requirement),
           el('td', {class: 'version'}, versionLabel(first.version)),
           el('td', {class: 'expected col-meta'}, expectedText(first)),
           el('td', {class: 'differs col-meta'}, what));
    for (const backend of backends) {
      const c = list.find((item) => item.backend === backend);
      row.append(c ? caseCell(c) : emptyCell(backend, first.version));
    }
    body.append(row);
  }
  view.append(el(
      'table', {id: 'disagreements-table', class: 'disagreements'}, el('thead', null, head), body));
}

// ---- filters ---------------------------------------------------------------------------

function currentFilters() {
  return {
    family: filterFamily.value,
    backend: filterBackend.value,
    version: filterVersion.value,
    verdict: filterVerdict.value,
    requirement: filterRequirement.value.trim().toLowerCase(),
  };
}

// requirementMatches: an exact ID (AWS-SIG-1, not AWS-SIG-12) when the text is one, else
// any requirement containing the text.
function requirementMatches(requirement, wanted) {
  if (!wanted) {
    return true;
  }
  const known = requirements.some((r) => r.toLowerCase() === wanted);
  const value = String(requirement || '').toLowerCase();
  return known ? value === wanted : value.includes(wanted);
}

// columnShown: a column shows when the backend filter names its backend or, for an interop
// pair, either of its two backends.
function columnShown(node, f) {
  const sides = (node.dataset.backends || node.dataset.backend || '').split(' ');
  return (!f.backend || sides.includes(f.backend)) &&
      (!f.version || !node.dataset.version || node.dataset.version === f.version);
}

function applyFilters() {
  const f = currentFilters();

  let shown = 0;
  for (const section of document.querySelectorAll('#view-matrix .role-section')) {
    shown += filterMatrix(section, f);
  }
  filterDisagreements(f);

  for (const chip of document.querySelectorAll('.total-chip')) {
    chip.setAttribute('aria-pressed', String(chip.dataset.verdict === f.verdict));
  }
  const active = Object.values(f).some(Boolean);
  document.getElementById('filter-status').textContent =
      active ? `showing ${shown} of ${cases.length} cases` : `${cases.length} cases`;
}

// filterMatrix hides the columns, rows and cells of one role's matrix that `f` leaves out: a
// column or row disappears, a cell in a shown row keeps its place. Returns how many case
// cells stay visible.
function filterMatrix(section, f) {
  const table = section.querySelector('table.matrix');
  for (const th of table.querySelectorAll('thead th.col')) {
    th.classList.toggle('col-hidden', !columnShown(th, f));
  }
  const visibleColumns = table.querySelectorAll('thead th.col:not(.col-hidden)').length;
  for (const group of table.querySelectorAll('thead th.col-group')) {
    const backend = CSS.escape(group.dataset.backend);
    const span =
        table.querySelectorAll(`thead th.col:not(.col-hidden)[data-backend="${backend}"]`).length;
    group.classList.toggle('col-hidden', span === 0);
    group.colSpan = Math.max(span, 1);
  }

  let shown = 0;
  let shownRows = 0;
  for (const body of table.tBodies) {
    let bodyRows = 0;
    for (const row of body.querySelectorAll('tr.fixture-row')) {
      const cells = filterRowCells(row, f);
      const rowOn = (!f.family || row.dataset.family === f.family) &&
          requirementMatches(row.dataset.requirement, f.requirement) && (!f.verdict || cells > 0);
      row.classList.toggle('row-hidden', !rowOn);
      bodyRows += rowOn ? 1 : 0;
      shown += rowOn ? cells : 0;
    }
    const header = body.querySelector('tr.family-row');
    header.classList.toggle('row-hidden', bodyRows === 0);
    header.firstElementChild.colSpan = 3 + visibleColumns;
    shownRows += bodyRows;
  }
  table.classList.toggle('row-hidden', shownRows === 0);
  section.querySelector('.no-match').hidden = shownRows !== 0;
  return shown;
}

// filterRowCells hides the cells of one matrix row outside the backend, version and verdict
// filters; returns how many case cells stay.
function filterRowCells(row, f) {
  let count = 0;
  for (const cell of row.querySelectorAll('td.cell')) {
    const columnOn = columnShown(cell, f);
    const isCase = cell.hasAttribute('data-case-id');
    const cellOn = columnOn && (!f.verdict || (isCase && cell.dataset.verdict === f.verdict));
    cell.classList.toggle('col-hidden', !columnOn);
    cell.classList.toggle('cell-hidden', columnOn && !cellOn);
    count += isCase && cellOn ? 1 : 0;
  }
  return count;
}

// filterDisagreements: disagreements compare backends, so the backend filter leaves their
// columns alone; a row shows when its family, requirement and version match and, with a
// verdict chosen, when one of its cells has it.
function filterDisagreements(f) {
  for (const row of document.querySelectorAll('#view-disagreements tr.disagreement')) {
    const verdicts = [...row.querySelectorAll('td[data-case-id]')].map((td) => td.dataset.verdict);
    const on = (!f.family || row.dataset.family === f.family) &&
        (!f.version || row.dataset.version === f.version) &&
        requirementMatches(row.dataset.requirement, f.requirement) &&
        (!f.verdict || verdicts.includes(f.verdict));
    row.classList.toggle('row-hidden', !on);
  }
}

function resetFilters() {
  filterFamily.value = '';
  filterBackend.value = '';
  filterVersion.value = '';
  filterVerdict.value = '';
  filterRequirement.value = '';
  applyFilters();
}

// ---- views -----------------------------------------------------------------------------

function showView(name) {
  for (const view of ['matrix', 'disagreements']) {
    const on = view === name;
    document.getElementById(`tab-${view}`).setAttribute('aria-selected', String(on));
    document.getElementById(`view-${view}`).hidden = !on;
  }
}

// ---- the case detail -------------------------------------------------------------------

function side(c, name) {
  const view = c[name];
  return view && typeof view === 'object' ? view : null;
}

function alertsText(list) {
  return Array.isArray(list) && list.length ? list.join(', ') : none('none');
}

function sidesTable(c) {
  const underTest = c.role === 'server' ? 'server' : 'client';
  const views = {server: side(c, 'server'), client: side(c, 'client')};
  const result = (view) => (view.result && typeof view.result === 'object' ? view.result : {});
  const alerts = (view) => result(view).alerts || {};
  const certificate = (view) => result(view).peer_certificate || {};
  const fields = [
    ['backend', (v) => v.backend],
    ['state', (v) => v.state],
    ['handshake done', (v) => yesNo(result(v).handshake)],
    ['application data', (v) => yesNo(result(v).app_data)],
    ['version', (v) => result(v).version],
    ['cipher', (v) => result(v).cipher],
    ['signature scheme', (v) => result(v).signature_scheme],
    ['peer certificate', (v) => certificate(v).subject],
    ['peer verified', (v) => yesNo(certificate(v).verified)],
    ['alerts sent', (v) => alertsText(alerts(v).sent)],
    ['alerts received', (v) => alertsText(alerts(v).received)],
    ['reason', (v) => result(v).reason],
    ['library error', (v) => result(v).error],
    ['unsupported', (v) => result(v).unsupported],
    ['harness note', (v) => v.detail],
  ];

  const head = el('tr', null, el('th', {scope: 'col'}, ''));
  for (const name of ['server', 'client']) {
    const view = views[name];
    const label = `${name} · ${view ? view.backend : '?'}`;
    const attrs = {scope: 'col', class: name === underTest ? 'under-test' : null};
    head.append(el('th', attrs, name === underTest ? `${label} (under test)` : label));
  }
  const body = el('tbody');
  for (const [label, get] of fields) {
    const row = el('tr', {'data-field': label}, el('th', {scope: 'row'}, label));
    for (const name of ['server', 'client']) {
      const value = views[name] ? get(views[name]) : null;
      const attrs = {'class': name === underTest ? 'under-test' : null, 'data-side': name};
      row.append(el('td', attrs, value instanceof Node ? value : orNone(value)));
    }
    body.append(row);
  }
  return el('table', {id: 'detail-sides', class: 'sides'}, el('thead', null, head), body);
}

function yesNo(value) {
  if (value === true) {
    return 'yes';
  }
  return value === false ? 'no' : null;
}

// ladder draws the records the relay saw as arrows between the client's and the server's
// lifelines, each labelled with its record type and handshake messages (or alert).
function ladder(c) {
  const server = side(c, 'server');
  const client = side(c, 'client');
  const wire = Array.isArray(c.wire) ? c.wire : [];
  const ends = el(
      'div', {class: 'ladder-ends'}, el('span', null, `client · ${client ? client.backend : '?'}`),
      el('span', null, `server · ${server ? server.backend : '?'}`));
  const box = el('div', {id: 'ladder', class: 'ladder'}, ends);
  if (!wire.length) {
    const note = 'No records: nothing crossed the relay for this case.';
    box.append(el('p', {class: 'empty-note'}, note));
    return box;
  }
  const list = el('ol', {'aria-label': 'TLS records in the order the relay saw them'});
  for (const record of wire) {
    list.append(ladderRecord(record));
  }
  box.append(list);
  return box;
}

function ladderRecord(record) {
  const from = record.from === 'server' ? 'server' : 'client';
  const direction = from === 'client' ? 'client → server' : 'server → client';
  const type = String(record.type || 'record');
  const hasMessages = Array.isArray(record.messages) && record.messages.length > 0;
  const messages = hasMessages ? record.messages.join(', ') : '';
  const attrs = {
    'class': `ladder-record from-${from} t-${type}`,
    'data-from': from,
    'data-type': type,
    'aria-label':
        `${direction}: ${type}${hasMessages ? ' ' + messages : ''}, ${record.length} bytes`,
  };
  const label =
      el('span', {class: 'label'}, el('span', {class: 'type'}, hasMessages ? `${type}: ` : type),
         hasMessages ? el('strong', null, messages) : null,
         el('span', {class: 'len'}, `${record.length} B`));
  return el('li', attrs, label, el('span', {'class': 'arrow', 'aria-hidden': 'true'}));
}

// siblingsTable shows the same fixture under the same role on every backend and version, so
// a deviation can be compared with its neighbours without leaving the panel.
function siblingsTable(c) {
  const siblings =
      cases.filter((other) => other.section === c.section && other.fixture === c.fixture);
  const columns = uniqueInOrder(siblings.map((s) => s.column));
  const head =
      el('tr', null, el('th', {scope: 'col'}, ''), columns.map((b) => el('th', {scope: 'col'}, b)));
  const body = el('tbody');
  for (const version of versions.filter((v) => siblings.some((s) => s.version === v))) {
    const row = el('tr', null, el('th', {scope: 'row'}, versionLabel(version)));
    for (const backend of columns) {
      const other = siblings.find((s) => s.column === backend && s.version === version);
      const cell = other ? caseCell(other) : emptyCell(backend, version);
      cell.classList.toggle('selected', Boolean(other) && other.id === c.id);
      row.append(cell);
    }
    body.append(row);
  }
  return el('table', {class: 'siblings'}, el('thead', null, head), body);
}

function verdictBanner(c) {
  const attrs = {'id': 'detail-verdict', 'class': `verdict-banner v-${c.verdict}`};
  attrs['data-verdict'] = c.verdict;
  return el(
      'div', attrs, el('strong', null, c.verdict), el('span', {id: 'detail-text'}, c.detail || ''));
}

function factsList(c) {
  const expected = c.expected || {};
  const expectedText =
      `${expected.verdict || '?'}${expected.reason ? ' — ' + expected.reason : ''}`;
  const peer = c.role === 'server' ? 'client' : 'server';
  const facts = [
    ['Case', el('code', {id: 'detail-case-id'}, c.id)],
    ['Fixture', el('code', null, c.fixture)],
    ['Description', el('span', {id: 'detail-description'}, c.description || '')],
    ['Requirement', el('span', {id: 'detail-requirement'}, c.requirement || '')],
    ['Role',
     c.role === 'interop' ?
         `interop: ${c.backend} is the client, ${c.peer} the server (defaults)` :
         `${c.role}: ${c.backend} is the ${c.role} under test, the reference ${peer} its peer`],
    ['Server configuration', c.server_config || 'defaults'],
    ['Expected', el('span', {id: 'detail-expected'}, expectedText)],
    ['Observed', el('span', {id: 'detail-observed'}, c.observed)],
    ['Reason', el('span', {id: 'detail-reason'}, c.reason || '—')],
    ['Reason differs', c.reason_differs ? 'yes: rejected for another reason than expected' : 'no'],
    ['Duration', typeof c.duration_ms === 'number' ? `${c.duration_ms.toFixed(1)} ms` : null],
  ];
  const list = el('dl', {class: 'facts'});
  for (const [name, value] of facts) {
    list.append(
        el('dt', null, name), el('dd', null, value instanceof Node ? value : orNone(value)));
  }
  return list;
}

// baselineBox: for a KNOWN case, the baseline entry that makes the deviation known.
function baselineBox(c) {
  const link = c.baseline.link ?
      el('a', {href: c.baseline.link, target: '_blank', rel: 'noopener noreferrer'},
         c.baseline.link) :
      none('no link');
  return el(
      'div', {id: 'detail-baseline', class: 'baseline'}, el('p', null, c.baseline.reason || ''),
      el('p', null, 'Link: ', link));
}

function openDetail(caseId, origin) {
  const c = caseById.get(caseId);
  if (!c) {
    return;
  }

  shownCaseId = caseId;
  returnFocusTo = origin || returnFocusTo;
  detailTitle.textContent = c.id;
  detailBody.replaceChildren(verdictBanner(c), factsList(c));
  if (c.baseline) {
    detailBody.append(
        el('h3', null, `Known deviation (baselines/${c.backend}.toml)`), baselineBox(c));
  }
  detailBody.append(el('h3', null, 'Each side'), sidesTable(c));
  detailBody.append(el('h3', null, 'Handshake records on the wire'), ladder(c));
  detailBody.append(el('h3', null, 'This fixture on every backend and version'), siblingsTable(c));

  for (const cell of document.querySelectorAll('#main td[data-case-id]')) {
    cell.classList.toggle('selected', cell.dataset.caseId === caseId);
  }
  detail.hidden = false;
  document.body.classList.add('detail-open');
  detailBody.scrollTop = 0;
  if (location.hash !== caseHash(caseId)) {
    location.hash = caseHash(caseId);  // a link to this case; Back returns to the previous one
  }
  detailTitle.focus({preventScroll: true});
}

function closeDetail() {
  detail.hidden = true;
  shownCaseId = null;
  document.body.classList.remove('detail-open');
  for (const cell of document.querySelectorAll('#main td.selected')) {
    cell.classList.remove('selected');
  }

  if (location.hash) {
    // Dropping the fragment through the History API does not scroll to the top as
    // `location.hash = ''` would; where a browser refuses it (file:// rules vary) the stale
    // fragment only reopens this case on reload.
    try {
      history.replaceState(null, '', location.href.split('#')[0]);
    } catch (error) {
      // Keep the fragment.
    }
  }
  if (returnFocusTo && document.contains(returnFocusTo)) {
    returnFocusTo.focus({preventScroll: true});
  }
}

function caseHash(caseId) {
  return '#case=' + encodeURIComponent(caseId);
}

function caseFromHash() {
  const match = /^#case=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

// ---- wiring ----------------------------------------------------------------------------

function wireEvents() {
  document.addEventListener('click', (event) => {
    const cell = event.target.closest('[data-case-id]');
    if (cell) {
      openDetail(cell.dataset.caseId, cell);
      return;
    }
    const chip = event.target.closest('.total-chip');
    if (chip) {
      filterVerdict.value =
          filterVerdict.value === chip.dataset.verdict ? '' : chip.dataset.verdict;
      applyFilters();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !detail.hidden) {
      closeDetail();
      return;
    }
    const cell = event.target.closest && event.target.closest('[data-case-id]');
    if (cell && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      openDetail(cell.dataset.caseId, cell);
    }
  });
  for (const control of [filterFamily, filterBackend, filterVersion, filterVerdict]) {
    control.addEventListener('change', applyFilters);
  }
  filterRequirement.addEventListener('input', applyFilters);
  document.getElementById('filter-reset').addEventListener('click', resetFilters);
  document.getElementById('detail-close').addEventListener('click', closeDetail);
  document.getElementById('tab-matrix').addEventListener('click', () => showView('matrix'));
  document.getElementById('tab-disagreements')
      .addEventListener('click', () => showView('disagreements'));
  window.addEventListener('hashchange', () => {
    const caseId = caseFromHash();
    if (caseId && caseId !== shownCaseId) {
      openDetail(caseId, null);
    } else if (!caseId && shownCaseId) {
      closeDetail();  // Back past the first case opened
    }
  });
  const toolbar = document.getElementById('toolbar');
  const measure = () =>
      document.documentElement.style.setProperty('--toolbar-height', `${toolbar.offsetHeight}px`);
  window.addEventListener('resize', measure);
  measure();
}

drawHeader();
drawLegend();
fillFilterOptions();
drawMatrix();
drawDisagreements();
wireEvents();
applyFilters();
const initial = caseFromHash();
if (initial) {
  openDetail(initial, null);
}
document.body.dataset.ready = 'true';
})();
