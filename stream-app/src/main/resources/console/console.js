'use strict';
// StopPay console: plain JavaScript, no build step, nothing from the internet (uPlot comes from the
// jar's WebJar). The token stays in this tab's sessionStorage and travels only in the Authorization
// header, never in a URL. Text from the API is inserted as text (textContent), never as HTML.
(function () {
  const TOKEN_KEY = 'stoppay.token';
  const REFRESH_MS = 5000;
  const STATISTICS_DAYS = 14;
  const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
  const OUTCOMES = {
    DISSUADED: 'Dissuaded', NOT_REACHED: 'Not reached', LOSS_ALREADY_OCCURRED: 'Loss already occurred',
    FALSE_ALARM: 'False alarm',
  };
  const $ = (id) => document.getElementById(id);

  let me = null;
  let timer = null;
  let charts = [];
  let chartedRegion = null;
  /** Outcomes recorded from this page, by warning id, until the outcome loop shows them. */
  const recorded = new Map();

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** Calls the API with the token; resolves to the JSON answer, rejects with an ApiError. */
  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers, { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) });
    const response = await fetch(path, Object.assign({}, options, { headers }));
    const type = response.headers.get('Content-Type') || '';
    const body = type.startsWith('application/json') ? await response.json() : null;
    if (response.status === 401) {
      logout('Your token was not accepted. Log in again.');
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.error) || response.statusText);
    }
    return body;
  }

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => element.setAttribute(name, value));
    children.forEach((child) => element.append(child));
    return element;
  }

  function status(message, isError) {
    $('status').textContent = message;
    $('status').className = isError ? 'error' : 'muted';
  }

  const has = (role) => me.roles.includes(role) || me.roles.includes('ADMIN');
  const time = (iso) => new Date(iso).toLocaleString();
  const money = (minor, currency) => new Intl.NumberFormat(undefined, { minimumFractionDigits: 2 })
    .format(minor / 100) + ' ' + (currency || '');

  function age(seconds) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    return hours > 0 ? hours + ' h ' + String(minutes).padStart(2, '0') + ' min' : minutes + ' min';
  }

  /** Beijing's calendar day, yyyy-MM-dd, {@code daysBack} days before today: the statistics' days. */
  function beijingDay(daysBack) {
    return new Date(Date.now() + BEIJING_OFFSET_MS - daysBack * 86400 * 1000).toISOString().slice(0, 10);
  }

  // ---- log in and out

  function showLogin(message) {
    $('login').hidden = false;
    $('console').hidden = true;
    $('who').hidden = true;
    $('login-error').textContent = message || '';
    $('token').focus();
  }

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearInterval(timer);
    timer = null;
    me = null;
    recorded.clear();
    $('warning-rows').replaceChildren();
    status('', false);
    showLogin(message);
  }

  async function login() {
    try {
      me = await api('/v1/console/me');
    } catch (error) {
      if (error.status !== 401) {
        showLogin('Cannot log in now: ' + error.message);
      }
      return;
    }
    $('login').hidden = true;
    $('console').hidden = false;
    $('who').hidden = false;
    $('principal').textContent = me.name + ' (' + me.roles.join(', ') + ')';
    const regional = has('OFFICER');
    $('region-bar').hidden = !regional;
    $('warnings').hidden = !regional;
    $('statistics').hidden = !regional;
    $('alerts').hidden = !has('ANALYST');
    const regions = me.regions.filter((region) => region !== '*');
    $('region').replaceChildren(...regions.map((region) => el('option', { value: region }, region)));
    // An administrator or a national principal may pick any region.
    $('region-code').hidden = !(me.roles.includes('ADMIN') || me.regions.includes('*'));
    $('region').hidden = regions.length === 0;
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  function region() {
    const typed = $('region-code');
    return !typed.hidden && /^\d{6}$/.test(typed.value) ? typed.value : $('region').value;
  }

  async function refresh() {
    const parts = [];
    if (has('OFFICER') && /^\d{6}$/.test(region())) {
      parts.push(warnings(), statistics());
    }
    if (has('ANALYST')) {
      parts.push(alerts());
    }
    const failed = (await Promise.allSettled(parts)).filter((part) => part.status === 'rejected');
    if (me === null) {
      return;
    }
    if (failed.length > 0) {
      status('Not up to date (' + failed[0].reason.message + '); retrying every ' + REFRESH_MS / 1000 + ' s.', true);
    } else {
      status('Updated ' + new Date().toLocaleTimeString() + '.', false);
    }
  }

  // ---- warnings: rows are kept between refreshes, so that a note being typed survives them

  async function warnings() {
    const answer = await api('/v1/console/warnings?region=' + encodeURIComponent(region()));
    const rows = $('warning-rows');
    const shown = new Map([...rows.children].map((row) => [row.dataset.id, row]));
    const listed = new Set(answer.notices.map((notice) => notice.id));
    shown.forEach((row, id) => {
      if (!listed.has(id)) {
        row.remove();
      }
    });
    // Newest first: what is new goes above what is already shown, in the answer's order.
    let before = rows.firstElementChild;
    for (const notice of answer.notices) {
      const row = shown.get(notice.id);
      if (row) {
        before = row.nextElementSibling;
        updateWarning(row, notice);
      } else {
        const added = warningRow(notice);
        rows.insertBefore(added, before);
        updateWarning(added, notice);
      }
    }
    $('warnings-note').textContent = answer.notices.length + ' newest' + (answer.complete ? '' : ' (older ones not searched)');
  }

  function warningRow(notice) {
    const note = el('input', { class: 'note', placeholder: 'note (optional)', maxlength: '1000' });
    const buttons = Object.entries(OUTCOMES).map(([outcome, label]) => {
      const button = el('button', { type: 'button', 'data-outcome': outcome }, label);
      button.addEventListener('click', () => recordOutcome(notice.id, outcome, note, button));
      return button;
    });
    return el('tr', { 'data-id': notice.id },
      el('td', {}, time(notice.issuedAt)),
      el('td', {}, notice.warningKind || '', el('br'), el('small', { class: 'muted' }, notice.action)),
      el('td', {}, notice.payer + ' → ' + notice.payee, el('br'), money(notice.amountMinor, notice.currency),
        el('br'), el('small', { class: 'muted' }, 'txn ' + notice.txnId + ', region ' + notice.region)),
      el('td', {}, notice.rules.join(', ')),
      el('td', {}, el('div', { class: 'answer' }), el('div', {}, ...buttons), note));
  }

  function updateWarning(row, notice) {
    const outcomes = notice.outcomes.map((outcome) => outcome.outcome + ' by ' + outcome.by + ', ' + time(outcome.actedAt));
    if (outcomes.length === 0 && recorded.has(notice.id)) {
      outcomes.push(recorded.get(notice.id) + ' recorded by you');
    } else if (outcomes.length > 0) {
      recorded.delete(notice.id);
    }
    row.querySelector('.answer').textContent = outcomes.length > 0 ? 'Answered: ' + outcomes.join('; ')
      : 'Awaiting an outcome' + (notice.overdue ? ' (overdue)' : '');
    row.classList.toggle('answered', outcomes.length > 0);
    row.classList.toggle('overdue', notice.overdue && outcomes.length === 0);
  }

  async function recordOutcome(warningId, outcome, note, button) {
    button.disabled = true;
    try {
      await api('/v1/console/warnings/' + encodeURIComponent(warningId) + '/outcome', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ outcome, note: note.value || null }),
      });
      recorded.set(warningId, outcome);
      note.value = '';
      const row = button.closest('tr');
      row.querySelector('.answer').textContent = 'Answered: ' + outcome + ' recorded by you';
      row.classList.add('answered');
      status('Recorded ' + outcome + '.', false);
    } catch (error) {
      button.disabled = false;
      status('Not recorded: ' + error.message, true);
    }
  }

  // ---- statistics: two charts of the region's last days, and today's figures

  async function statistics() {
    const to = beijingDay(0);
    const answer = await api('/v1/statistics/regions/' + encodeURIComponent(region()) + '?from='
      + beijingDay(STATISTICS_DAYS - 1) + '&to=' + to);
    const days = answer.days;
    const sum = (counts) => Object.values(counts || {}).reduce((a, b) => a + b, 0);
    const x = days.map((day) => Date.parse(day.day + 'T00:00:00+08:00') / 1000);
    const decisions = [x, days.map((d) => d.decided), days.map((d) => d.held), days.map((d) => d.stopped)];
    const warningSeries = [x, days.map((d) => sum(d.warningsByKind)), days.map((d) => sum(d.warningOutcomes)),
      days.map((d) => d.dissuaded), days.map((d) => d.lossesAlreadyOccurred)];
    const today = days[days.length - 1];
    $('today-day').textContent = today.day;
    $('today-decided').textContent = today.decided;
    $('today-held').textContent = today.held;
    $('today-stopped').textContent = today.stopped;
    $('today-warnings').textContent = sum(today.warningsByKind);
    $('today-answered').textContent = sum(today.warningOutcomes);
    $('today-dissuaded').textContent = today.dissuaded;
    $('today-losses').textContent = today.lossesAlreadyOccurred;
    $('statistics-region').textContent = 'region ' + answer.region;
    if (chartedRegion !== answer.region) {
      charts.forEach((chart) => chart.destroy());
      charts = [
        chart('Payments', ['decided', 'held', 'stopped'], ['#1d4f91', '#d68910', '#b02a1e'], decisions, $('chart-decisions')),
        chart('Warnings', ['issued', 'answered', 'dissuaded', 'losses'], ['#1d4f91', '#1e8449', '#27ae60', '#b02a1e'],
          warningSeries, $('chart-warnings')),
      ];
      chartedRegion = answer.region;
    } else {
      charts[0].setData(decisions);
      charts[1].setData(warningSeries);
    }
  }

  function chart(title, labels, colours, data, target) {
    return new uPlot({
      title, width: 560, height: 260,
      scales: { x: { time: true } },
      // The statistics' days are Beijing days, whatever the browser's time zone.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Asia/Shanghai'),
      series: [{}].concat(labels.map((label, i) => ({ label, stroke: colours[i], width: 2 }))),
    }, data, target);
  }

  // ---- alerts awaiting action

  async function alerts() {
    const answer = await api('/v1/console/alerts');
    $('alert-rows').replaceChildren(...answer.notices.map((notice) => el('tr', { 'data-id': notice.id },
      el('td', {}, time(notice.issuedAt)),
      el('td', {}, age(notice.ageSeconds) + (notice.overdue ? ' (overdue)' : '')),
      el('td', {}, notice.action),
      el('td', {}, notice.bank || '—'),
      el('td', {}, notice.payer + ' → ' + notice.payee, el('br'), money(notice.amountMinor, notice.currency),
        el('br'), el('small', { class: 'muted' }, 'txn ' + notice.txnId + ', alert ' + notice.id)),
      el('td', {}, notice.rules.join(', ')))));
    $('alerts-note').textContent = answer.notices.length + ' newest' + (answer.complete ? '' : ' (older ones not searched)');
  }

  // ---- subject lookup: each listing that restricts the subject, drawn as its linkage path

  async function lookup(event) {
    event.preventDefault();
    const result = $('lookup-result');
    const type = $('lookup-type').value;
    let view;
    try {
      view = await api('/v1/subjects/' + encodeURIComponent(type) + '/' + encodeURIComponent($('lookup-id').value));
    } catch (error) {
      result.replaceChildren(el('p', { class: 'error' }, error.message));
      return;
    }
    const verdict = view.restricted ? 'Restricted' : view.protected ? 'Protected (victim watch)' : 'Not restricted';
    const parts = [el('p', {}, el('strong', {}, verdict), view.hub ? ' — a hub: restriction does not pass through it' : '')];
    if (view.restrictions.length === 0) {
      parts.push(el('p', { class: 'muted' }, 'No listing reaches this subject.'));
    }
    view.restrictions.forEach((restriction) => {
      parts.push(el('p', {}, restriction.listType + ', level ' + restriction.riskLevel + ', source ' + restriction.source
        + (restriction.caseId ? ', case ' + restriction.caseId : '') + ', ' + restriction.hops + ' hop(s)'));
      parts.push(path(view.subjectType + ':' + view.subjectId, restriction));
    });
    if (view.moreRestrictions > 0) {
      parts.push(el('p', { class: 'muted' }, view.moreRestrictions + ' more listings reach it.'));
    }
    result.replaceChildren(...parts);
  }

  /** Boxes for the subjects, arrows for the links: from the subject asked about to the listed one. */
  function path(asked, restriction) {
    const listed = restriction.listedType + ':' + restriction.listedId;
    const node = (subject) => {
      const colon = subject.indexOf(':');
      const classes = 'node' + (subject === listed ? ' listed' : '') + (subject === asked ? ' asked' : '');
      return el('span', { class: classes }, el('small', {}, subject.slice(0, colon)), subject.slice(colon + 1));
    };
    const drawing = el('div', { class: 'path' }, node(restriction.path.length > 0 ? restriction.path[0].from : listed));
    restriction.path.forEach((hop) => drawing.append(el('span', { class: 'link' }, '— ' + hop.kind + ' →'), node(hop.to)));
    return drawing;
  }

  // ---- wiring

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    login();
  });
  $('logout').addEventListener('click', () => logout(''));
  $('lookup-form').addEventListener('submit', lookup);
  const regionChanged = () => {
    $('warning-rows').replaceChildren();
    refresh();
  };
  $('region').addEventListener('change', regionChanged);
  $('region-code').addEventListener('change', regionChanged);

  if (sessionStorage.getItem(TOKEN_KEY)) {
    login();
  } else {
    showLogin('');
  }
}());
