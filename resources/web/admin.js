// The admin view: progress per participant, refreshed every two seconds.
'use strict';
(function () {
  const key = new URLSearchParams(location.search).get('key');
  async function refresh() {
    const res = await fetch('/admin/api/progress' + (key ? '?key=' + encodeURIComponent(key) : ''), { cache: 'no-store' });
    if (!res.ok) return;
    const data = await res.json();
    document.getElementById('title').textContent = 'Study progress: ' + data.study;
    document.getElementById('totals').textContent =
      data.participants.length + ' participant link(s), ' + data.ratings + ' rating(s) and ' + data.comparisons +
      ' comparison(s) in the workspace';
    const body = document.querySelector('#table tbody');
    body.textContent = '';
    for (const p of data.participants) {
      const tr = document.createElement('tr');
      for (const v of [p.pseudonym, p.externalId || '', p.answered, p.planned, p.checkpoint,
        p.revoked ? 'withdrawn' : p.status, p.lastAnswerAt || '']) {
        const td = document.createElement('td');
        td.textContent = String(v);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }
  const number = (v, digits) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
  // The results (what `tastelab-cli results` prints), refreshed less often: they are computed from every answer.
  async function refreshResults() {
    const res = await fetch('/admin/api/results' + (key ? '?key=' + encodeURIComponent(key) : ''), { cache: 'no-store' });
    if (!res.ok) {
      document.getElementById('summary').textContent = 'Results unavailable (' + res.status + ')';
      return;
    }
    const data = await res.json();
    const s = data.summary;
    document.getElementById('summary').textContent =
      s.includedParticipants + ' included, ' + s.excludedParticipants + ' excluded · Krippendorff\'s alpha ' +
      number(s.krippendorffAlphaInterval, 3) + ' · ICC(2,1) ' + number(s.icc21, 3) + ', ICC(2,k) ' +
      number(s.icc2k, 3) + ' · response time median ' + number(s.responseMsMedian, 0) + ' ms, 90th percentile ' +
      number(s.responseMsP90, 0) + ' ms';
    const body = document.querySelector('#results tbody');
    body.textContent = '';
    for (const p of data.participants) {
      const tr = document.createElement('tr');
      for (const v of [p.pseudonym, p.answeredTrials + ' of ' + p.plannedTrials, number(p.meanRating, 3),
        number(p.sdRating, 3), number(p.testRetest, 2), p.catchPassed + ' of ' + p.catchTotal,
        p.excluded ? 'no' : 'yes']) {
        const td = document.createElement('td');
        td.textContent = String(v);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }
  refresh();
  refreshResults();
  setInterval(refresh, 2000);
  setInterval(refreshResults, 10000);
})();
