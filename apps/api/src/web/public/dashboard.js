// govuk-frontend's components, then the parts of the page that load after it.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// The 12-month trend is twelve evaluations: the page is usable while it loads. The
// page holds a link to the trend's own page, which works without JavaScript; here the
// link gives way to a loading state (added here, so nobody without JavaScript waits on
// a spinner that never stops), then to the trend itself.
const trends = document.getElementById('trends');
if (trends) {
  const loading = document.createElement('p');
  loading.className = 'govuk-body app-loading';
  loading.textContent = 'Loading the trend: twelve month-end evaluations…';
  trends.setAttribute('aria-busy', 'true');
  trends.replaceChildren(loading);
  fetch(trends.dataset.src, { credentials: 'same-origin' })
    .then((res) => {
      if (!res.ok) throw new Error(`status ${res.status}`);
      return res.text();
    })
    .then((html) => {
      const content = new DOMParser().parseFromString(html, 'text/html').getElementById('trends-content');
      if (!content) throw new Error('no trend in the answer');
      trends.replaceChildren(...content.childNodes);
    })
    .catch(() => {
      trends.innerHTML = '';
      const p = document.createElement('p');
      p.className = 'govuk-body';
      p.append('The trend could not be loaded. ');
      const a = document.createElement('a');
      a.className = 'govuk-link';
      a.href = trends.dataset.src;
      a.textContent = 'Open the 12-month trend on its own page';
      p.append(a);
      trends.append(p);
    })
    .finally(() => trends.setAttribute('aria-busy', 'false'));
}
