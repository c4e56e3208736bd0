// Users of the admin's platform: search, filters, sort, pages; a checkbox per row whose state is the server-side
// draft's selection; select all visible; delete all filtered / all users; "Delete N users" bottom right.

import { get } from '../api.js';
import { h, replace } from '../dom.js';
import { Draft } from '../draft.js';
import { pager } from '../pager.js';
import { showError, clearError, actions } from '../ui.js';
import {
  parseQuery, listParams, filterParams, toHashParams, hasFilter, selectionFilter, withFilter, isSettledDate, listKey,
  pageQuery, recordPage, SORTS, SIZES,
} from '../logic/query.js';
import { isSelected, selectedCount, patchFor } from '../logic/selection.js';
import { formatDate, plural, roleLabel } from '../logic/format.js';

const SORT_LABELS = {
  'email,asc': 'Email A–Z', 'email,desc': 'Email Z–A',
  'lastLoginAt,desc': 'Last login, newest first', 'lastLoginAt,asc': 'Last login, oldest first',
};

export function usersView(ctx, view, params) {
  let query = parseQuery(params);
  const base = `/api/platforms/${ctx.platformId}`;
  const draft = ctx.draft ?? (ctx.draft = new Draft(ctx.platformId));
  let page = null; // {items, page, totalPages, totalElements}
  let matching = null; // users the draft's FILTER / ALL_USERS selection matches
  let stopped = false;
  // cursors seen while paging this list (page number -> the cursor its rows start after), for Previous
  if (ctx.pageTrail?.key !== listKey(query)) ctx.pageTrail = { key: listKey(query), cursors: new Map() };
  const trail = ctx.pageTrail.cursors;

  ctx.usersHash = location.hash; // where "back to the list" returns
  const address = (q) => {
    const hash = toHashParams(q).toString();
    return hash ? `#/users?${hash}` : '#/users';
  };
  const go = (next) => { location.hash = address(next); };

  // --- the filter form ---
  const email = h('input', { type: 'search', id: 'email-search', name: 'email', value: query.email,
    autocomplete: 'off', maxlength: 254 });
  const roleBoxes = ['MENTOR', 'MENTEE'].map((role) => h('input', { type: 'checkbox', id: `role-${role.toLowerCase()}`,
    name: 'role', value: role, checked: query.roles.includes(role) }));
  const lastLogin = h('input', { type: 'date', id: 'last-login', name: 'lastLoginOnOrBefore',
    value: query.lastLoginOnOrBefore });
  const sort = h('select', { id: 'sort', name: 'sort' },
    SORTS.map((s) => h('option', { value: s, selected: s === query.sort }, SORT_LABELS[s])));
  const size = h('select', { id: 'page-size', name: 'size' },
    SIZES.map((s) => h('option', { value: s, selected: s === query.size }, String(s))));
  const formQuery = () => ({
    email: email.value.trim(),
    roles: roleBoxes.filter((b) => b.checked).map((b) => b.value),
    lastLoginOnOrBefore: lastLogin.value,
    sort: sort.value,
    size: Number(size.value),
  });
  const apply = () => go(withFilter(query, formQuery()));
  const form = h('form', { id: 'filters', className: 'filters', role: 'search',
    onsubmit: (e) => { e.preventDefault(); apply(); } },
  h('div', { className: 'field grow' }, h('label', { for: 'email-search' }, 'Search by email'), email),
  h('fieldset', { className: 'field roles' }, h('legend', {}, 'Role'),
    roleBoxes.map((box, i) => h('span', { className: 'check' }, box,
      h('label', { for: box.id }, i === 0 ? 'Mentors' : 'Mentees')))),
  h('div', { className: 'field' }, h('label', { for: 'last-login' }, 'Last logged in on or before'), lastLogin),
  h('div', { className: 'field' }, h('label', { for: 'sort' }, 'Sort by'), sort),
  h('div', { className: 'field' }, h('label', { for: 'page-size' }, 'Per page'), size),
  h('div', { className: 'field buttons' },
    h('button', { type: 'submit', className: 'primary', id: 'apply-filters' }, 'Search'),
    hasFilter(query) ? h('a', { className: 'button', href: '#/users', id: 'clear-filters' }, 'Clear filters') : null));
  for (const control of [...roleBoxes, sort, size]) control.addEventListener('change', apply);
  lastLogin.addEventListener('change', () => { if (isSettledDate(lastLogin.value)) apply(); });

  const bulk = h('div', { className: 'bulk', id: 'bulk' });
  const table = h('div', { className: 'table-wrap', id: 'users-table' }, h('p', { className: 'loading' }, 'Loading users…'));
  const pages = h('div', { id: 'users-pager' });
  replace(view, h('h1', { tabindex: -1 }, 'Users'),
    h('p', { className: 'lead' }, 'Find the mentors and mentees to delete, tick them (ticks are kept across pages), then'
      + ' use the button in the bottom right-hand corner.'),
    form, bulk, table, pages);

  // --- rendering ---
  function renderTable() {
    if (!page) return;
    const selection = draft.selection;
    const pagerOfList = () => pager({ page: query.page, totalPages: page.totalPages, totalElements: page.totalElements,
      totalIsExact: page.totalIsExact !== false, full: page.items.length === page.size,
      onPage: (p) => go(pageQuery(query, p, { nextCursor: page.nextCursor, trail })) });
    if (page.items.length === 0 && query.page > 0) {
      // past the last page: the total was a lower bound ("1,000+") and the last full page had no more after it
      replace(table, h('p', { className: 'empty', id: 'no-users' }, 'No more users: the list ends before this page.'));
      replace(pages, pagerOfList());
      return;
    }
    if (page.items.length === 0) {
      replace(table, h('p', { className: 'empty', id: 'no-users' }, hasFilter(query)
        ? 'No users match these filters. Change or clear the filters.'
        : 'This platform has no users.'));
      replace(pages);
      return;
    }
    const allVisible = page.items.every((row) => isSelected(selection, row));
    const selectVisible = h('input', { type: 'checkbox', id: 'select-visible', checked: allVisible,
      onchange: (e) => write(() => draft.patch(patchFor(draft.selection, page.items, e.target.checked))) });
    replace(table, h('table', { className: 'users' },
      h('caption', { className: 'visually-hidden' }, 'Users of the platform'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', className: 'check-col' }, selectVisible,
          h('label', { for: 'select-visible', className: 'select-visible-label' }, 'Select all visible')),
        h('th', { scope: 'col' }, 'Email'),
        h('th', { scope: 'col' }, 'Role'),
        h('th', { scope: 'col' }, 'Last login'),
        h('th', { scope: 'col' }, 'Platforms'))),
      h('tbody', {}, page.items.map((row) => h('tr', { dataset: { userId: row.userId } },
        h('td', { className: 'check-col' }, h('input', { type: 'checkbox', id: `select-${row.userId}`,
          className: 'select-user', 'aria-label': `Select ${row.email}`, checked: isSelected(selection, row),
          onchange: (e) => write(() => draft.patch(patchFor(draft.selection, [row], e.target.checked))) })),
        h('td', { className: 'email' }, row.email),
        h('td', {}, roleLabel(row.role)),
        h('td', {}, formatDate(row.lastLoginAt, 'Never')),
        h('td', {}, row.platformCount > 1
          ? h('span', { className: 'badge warn', title: 'Only your Customer Success Manager can remove this user' },
            `${row.platformCount} platforms`)
          : '1'))))));
    replace(pages, pagerOfList());
  }

  function renderBulk() {
    const total = ctx.platformTotal;
    replace(bulk,
      h('span', { className: 'match-count', id: 'match-count' },
        page ? `${plural(page.totalElements, 'user', 'users', page.totalIsExact !== false)} ${hasFilter(query)
          ? 'match' : 'on this platform'}` : ''),
      page && hasFilter(query) && page.totalElements > 0
        ? h('button', { type: 'button', id: 'delete-filtered', onclick: () => deleteAll('FILTER') },
          `Delete all ${plural(page.totalElements, 'filtered user', 'filtered users', page.totalIsExact !== false)}`)
        : null,
      total > 0
        ? h('button', { type: 'button', id: 'delete-all', className: 'danger-outline', onclick: () => deleteAll('ALL_USERS') },
          `Delete all ${plural(total, 'user')} of the platform`)
        : null,
      draft.selection && selectedCount(draft.selection, matching) !== 0
        ? h('button', { type: 'button', id: 'clear-selection', className: 'link-button',
          onclick: () => write(() => draft.replaceSelection({ mode: 'USERS', userIds: [] })) }, 'Clear selection')
        : null);
  }

  function renderAction() {
    const count = selectedCount(draft.selection, matching);
    if (!count) {
      actions().replaceChildren();
      return;
    }
    replace(actions(), h('button', { type: 'button', className: 'primary big', id: 'delete-selected',
      onclick: reviewSelection }, `Delete ${plural(count, 'user')}`));
  }

  function renderAll() {
    if (stopped) return;
    renderBulk();
    renderTable();
    renderAction();
  }

  // --- selection writes ---
  async function refreshMatching() {
    const selection = draft.selection;
    if (!selection || selection.mode === 'USERS') {
      matching = null;
    } else if (selection.mode === 'ALL_USERS') {
      matching = ctx.platformTotal ?? null;
    } else {
      const filter = selection.filter ?? {};
      const f = { email: filter.email ?? '', roles: filter.roles ?? [], lastLoginOnOrBefore: filter.lastLoginOnOrBefore ?? '' };
      matching = (await get(`${base}/users/count`, filterParams(f))).body.count;
    }
  }

  async function write(change) {
    clearError();
    try {
      await change();
    } catch (error) {
      showError(error);
    }
    try {
      await refreshMatching();
    } catch (error) {
      showError(error);
    }
    renderAll();
  }

  async function deleteAll(mode) {
    clearError();
    try {
      await draft.replaceSelection(mode === 'FILTER' ? { mode: 'FILTER', filter: selectionFilter(query) } : { mode: 'ALL_USERS' });
      const reviewed = await draft.review();
      location.hash = `#/review/${reviewed.requestId}`;
    } catch (error) {
      showError(error);
      renderAll();
    }
  }

  async function reviewSelection() {
    clearError();
    const button = document.getElementById('delete-selected');
    if (button) button.disabled = true;
    try {
      const reviewed = await draft.review();
      location.hash = `#/review/${reviewed.requestId}`;
    } catch (error) {
      showError(error);
      if (button) button.disabled = false;
    }
  }

  // --- loading ---
  // Everything after an answer arrives checks `stopped`: the admin may have gone to another view meanwhile, whose
  // address must not change under them.

  // A cursor the service no longer accepts (made by an instance that restarted since, or its last row deleted, or
  // edited) is not the admin's problem: the same page is asked for by number instead.
  async function loadList() {
    try {
      return await get(`${base}/users`, listParams(query));
    } catch (error) {
      if (!query.after || error.status !== 400 || stopped) throw error;
      query = { ...query, after: '' };
      history.replaceState(null, '', address(query));
      ctx.usersHash = location.hash;
      return get(`${base}/users`, listParams(query));
    }
  }

  (async () => {
    try {
      const [list, total] = await Promise.all([
        loadList(),
        ctx.platformTotal == null ? get(`${base}/users/count`) : Promise.resolve(null),
        draft.ensureLoaded(),
      ]);
      if (stopped) return;
      if (total) ctx.platformTotal = total.body.count;
      page = list.body;
      // redirects replace the address, so Back does not return to a page that redirects forward again
      if (query.after && page.items.length === 0) {
        // the rows after the cursor are gone (deleted since): the page by number finds the last page there is
        location.replace(address({ ...query, after: '' }));
        return;
      }
      if (page.totalIsExact !== false && page.totalPages > 0 && query.page >= page.totalPages) {
        location.replace(address({ ...query, page: page.totalPages - 1, after: '' }));
        return;
      }
      recordPage(trail, query);
      await refreshMatching();
      renderAll();
    } catch (error) {
      if (stopped) return;
      replace(table, h('p', { className: 'empty' }, 'The users cannot be shown right now.'));
      showError(error);
    }
  })();

  return () => { stopped = true; };
}
