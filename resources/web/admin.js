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
  refresh();
  setInterval(refresh, 2000);
})();
