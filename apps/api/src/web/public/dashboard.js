// govuk-frontend's components and MOJ's sortable table, then the parts of the page that load after it.
import { createAll, initAll } from '/assets/govuk-frontend.min.js';
import { SortableTable as MojSortableTable } from '/assets/moj-sortable-table.mjs';

/**
 * MOJ's sortable table (its sorting, buttons and announcements), with two allowances for
 * the teams side by side. A heading that is a link (a team's page) keeps its link, with
 * the sort button beside it: MOJ's own button would take the heading's place. A row
 * marked data-sort-fixed (every rule's checks together) stays first, out of the sort.
 */
class SortableTable extends MojSortableTable {
  createHeadingButton($heading) {
    const link = $heading.querySelector('a');
    if (!link) return super.createHeadingButton($heading);
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.index = String(this.$headings.indexOf($heading));
    // Named as MOJ names its buttons, by the heading's words ("Sort by T-01 (ascending)" when pressed); the arrows are added by MOJ.
    const name = document.createElement('span');
    name.className = 'govuk-visually-hidden';
    name.textContent = link.textContent;
    button.append(name);
    $heading.append(button);
    // The column is still named by the link's words alone, not the link's and the button's together.
    $heading.setAttribute('aria-label', link.textContent);
  }

  getTableRowsArray() {
    return super.getTableRowsArray().filter((row) => !row.hasAttribute('data-sort-fixed'));
  }
}

initAll();
// Each table marked data-module="moj-sortable-table"; without JavaScript it stays in the server's order.
createAll(SortableTable);

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
      // When the trend was in place (for the timings the README reports).
      performance.mark('app:trend-shown');
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
