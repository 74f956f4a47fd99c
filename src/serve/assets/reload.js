// clinicsite serve: live reload and the build-error overlay.
// Added by `clinicsite serve` only; never part of a built site.
//
// The server sends a `state` event after every build, and once when this page
// connects: { version: every build, good: the last build that worked, errors }.
// A page from an older good build reloads; a failed build shows its errors in a
// modal dialog over the last good page (Escape or the button closes it).
(function () {
  'use strict';

  function metaNumber(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? Number(meta.getAttribute('content')) : null;
  }

  var pageGood = metaNumber('clinicsite-build');
  var errorPageVersion = metaNumber('clinicsite-errors');
  var dialog = null;
  var badge = null;
  var shownVersion = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function buildDialog(report) {
    var errors = report.errors || [];
    var d = el('dialog', 'clinicsite-overlay');
    d.setAttribute('aria-labelledby', 'clinicsite-overlay-title');
    d.setAttribute('aria-describedby', 'clinicsite-overlay-intro');
    d.setAttribute('data-version', String(report.version));
    var title = el('h2', 'clinicsite-overlay__title', 'The site could not be rebuilt: ' + plural(errors.length, 'error', 'errors'));
    title.id = 'clinicsite-overlay-title';
    d.appendChild(title);
    var intro = el('p', 'clinicsite-overlay__intro', 'This page is from the last build that worked. Fix the problems below and save: the page updates by itself.');
    intro.id = 'clinicsite-overlay-intro';
    d.appendChild(intro);
    var list = el('ol', 'clinicsite-overlay__list');
    errors.forEach(function (e) {
      var item = el('li', 'clinicsite-overlay__item');
      var where = el('p', 'clinicsite-overlay__where');
      where.appendChild(el('code', null, e.location));
      item.appendChild(where);
      item.appendChild(el('p', 'clinicsite-overlay__message', e.message));
      if (e.hint) {
        var hint = el('p', 'clinicsite-overlay__hint');
        hint.appendChild(el('strong', null, 'Hint: '));
        hint.appendChild(document.createTextNode(e.hint));
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    d.appendChild(list);
    var close = el('button', 'clinicsite-overlay__close', 'Close');
    close.type = 'button';
    close.addEventListener('click', function () { d.close(); });
    d.appendChild(close);
    d.addEventListener('close', showBadge);
    return d;
  }

  function showBadge() {
    if (!dialog) return;
    if (!badge) {
      badge = el('button', 'clinicsite-badge');
      badge.type = 'button';
      badge.addEventListener('click', function () {
        if (dialog && !dialog.open) dialog.showModal();
        hideBadge();
      });
      document.body.appendChild(badge);
    }
    var count = dialog.querySelectorAll('.clinicsite-overlay__item').length;
    badge.textContent = 'Show ' + plural(count, 'build error', 'build errors');
    badge.hidden = false;
  }

  function hideBadge() {
    if (badge) badge.hidden = true;
  }

  function hideOverlay() {
    if (dialog) {
      dialog.remove();
      dialog = null;
    }
    hideBadge();
    shownVersion = null;
  }

  function showOverlay(version) {
    if (shownVersion === version) return;
    shownVersion = version;
    fetch('/__clinicsite/errors.json', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (report) {
        if (report.version !== shownVersion || !report.errors.length) return;
        if (dialog) dialog.remove();
        hideBadge();
        dialog = buildDialog(report);
        document.body.appendChild(dialog);
        dialog.showModal();
      })
      .catch(function () { shownVersion = null; });
  }

  function onState(state) {
    if (errorPageVersion !== null) {
      // The page listing errors of a site that never built: reload on any news.
      if (state.version !== errorPageVersion) location.reload();
      return;
    }
    if (state.good !== pageGood) {
      location.reload();
    } else if (state.errors > 0) {
      showOverlay(state.version);
    } else {
      hideOverlay();
    }
  }

  if (!window.EventSource) return;
  var source = new EventSource('/__clinicsite/events');
  source.addEventListener('state', function (event) {
    try {
      onState(JSON.parse(event.data));
    } catch (e) {
      // A malformed message is ignored; the next build sends a new one.
    }
  });
})();
