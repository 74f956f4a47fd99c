// Site search in the browser, with nothing sent anywhere: the index is a set of
// same-origin scripts (search/data/index.*.js names the shards and the page
// list, pages.*.js; each search/data/t.*.js holds the terms of a few prefixes), loaded as the query needs them.
// The query is never put in the address, a cookie or storage.
(function () {
  'use strict';
  var root = document.getElementById('search');
  var field = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var az = document.getElementById('search-az');
  if (!root || !field || !status || !list) return;
  var indexUrl = root.getAttribute('data-index');
  var folder = indexUrl.slice(0, indexUrl.lastIndexOf('/') + 1);
  var SHOWN = 50;
  var index = null;
  var pages = null;
  var shards = {};
  var loading = {};
  var arrived = {};
  var current = 0;

  window.__clinicsiteSearch = {
    index: function (data) { index = data; (arrived.index || function () {})(); },
    pages: function (list) { pages = list; (arrived.pages || function () {})(); },
    shard: function (prefixes, terms) {
      prefixes.forEach(function (p) { shards[p] = terms; });
      (arrived['t:' + index.shards[prefixes[0]]] || function () {})();
    }
  };

  /** Adds the script at `url` once; resolves when its data has arrived. */
  function load(name, url) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        arrived[name] = resolve;
        var script = document.createElement('script');
        script.src = url;
        script.onerror = function () { delete loading[name]; reject(new Error(url)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  /** The query's words as the index keeps terms: lower case, accents removed. */
  function words(query) {
    var folded = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    var parts = [];
    if (typeof Intl !== 'undefined' && Intl.Segmenter) {
      var segments = new Intl.Segmenter(undefined, { granularity: 'word' }).segment(folded);
      for (var s of segments) if (s.isWordLike) parts.push(s.segment);
    } else {
      parts = [folded];
    }
    var out = [];
    parts.forEach(function (part) {
      part.split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
        var single = w.length === 1 && w.charCodeAt(0) < 128;
        if (w && !single && index.stop.indexOf(w) < 0 && out.indexOf(w) < 0) out.push(w);
      });
    });
    return out;
  }

  /** The prefixes of the shards that can hold a term starting with `word`. */
  function shardsFor(word) {
    return Object.keys(index.shards).filter(function (p) {
      return p.indexOf(word) === 0 || word.indexOf(p) === 0;
    });
  }

  /** Per page: the weight of its best term starting with `word`. */
  function scores(word) {
    var found = new Map();
    var files = new Set(shardsFor(word).map(function (p) { return shards[p]; }));
    files.forEach(function (terms) {
      for (var term in terms) {
        if (term.indexOf(word) !== 0) continue;
        var postings = terms[term];
        var page = 0;
        for (var i = 0; i < postings.length; i += 2) {
          page += postings[i];
          var weight = postings[i + 1];
          if (!(found.get(page) >= weight)) found.set(page, weight);
        }
      }
    });
    return found;
  }

  function say(text) {
    status.textContent = text;
  }

  function show(query, ranked) {
    list.replaceChildren();
    ranked.slice(0, SHOWN).forEach(function (r) {
      var page = pages[r.page];
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = page[0];
      link.textContent = page[1];
      item.appendChild(link);
      if (page[2]) {
        var text = document.createElement('p');
        text.textContent = page[2];
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    var n = ranked.length;
    var count = n === 0 ? 'No results' : n === 1 ? '1 result' : n + ' results';
    var more = n > SHOWN ? '; the first ' + SHOWN + ' are shown' : '';
    say(count + ' for \u201c' + query.trim() + '\u201d' + more);
  }

  function search() {
    var run = ++current;
    var query = field.value;
    if (!query.trim()) {
      list.replaceChildren();
      say('');
      return;
    }
    load('index', indexUrl).then(function () {
      var ws = words(query);
      var needed = [load('pages', folder + 'pages.' + index.pages + '.js')];
      ws.forEach(function (w) {
        shardsFor(w).forEach(function (p) {
          var hash = index.shards[p];
          needed.push(load('t:' + hash, folder + 't.' + hash + '.js'));
        });
      });
      return Promise.all(needed).then(function () {
        if (run !== current) return;
        var total = null;
        ws.forEach(function (w) {
          var found = scores(w);
          if (total === null) {
            total = found;
          } else {
            var both = new Map();
            total.forEach(function (score, page) {
              if (found.has(page)) both.set(page, score + found.get(page));
            });
            total = both;
          }
        });
        var ranked = [];
        (total || new Map()).forEach(function (score, page) { ranked.push({ page: page, score: score }); });
        ranked.sort(function (a, b) {
          return b.score - a.score || pages[a.page][1].localeCompare(pages[b.page][1]);
        });
        show(query, ranked);
      });
    }).catch(function () {
      if (run === current) say('Search could not be loaded. Try again, or reload the page.');
    });
  }

  var timer = 0;
  field.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  if (az) az.hidden = true;
  root.hidden = false;
  load('index', indexUrl).catch(function () {});
  if (field.value) search();
})();
