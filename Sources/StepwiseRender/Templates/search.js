/* Stepwise site search, in the page: the site's pages file (search-pages.js, every page's
   stems, once per site) searched among the pages the region's index (search-index.js) lists.
   No eval, no fetch, no cookies, no WebAssembly: works opened from disk and under a strict
   Content-Security-Policy (script-src 'self').

   The query is stemmed as the index was built: a port of Snowball's Russian stemmer
   (https://snowballstem.org/algorithms/russian/stemmer.html, BSD licence), checked against
   Snowball's test vocabulary by scripts/search-test.py; words are split as Swift's
   SearchText.words splits them. */
(function () {
  "use strict";

  // MARK: Snowball's Russian stemmer

  var VOWELS = "аеиоуыэюя";
  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }
  function table(groups) {
    var map = Object.create(null), longest = 0;
    for (var g = 0; g < groups.length; g++) {
      for (var i = 0; i < groups[g].length; i++) {
        map[groups[g][i]] = g;
        longest = Math.max(longest, groups[g][i].length);
      }
    }
    return { map: map, longest: longest };
  }
  var PERFECTIVE_GERUND = table([["в", "вши", "вшись"],
    ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"]]);
  var ADJECTIVE = table([["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем",
    "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"]]);
  var PARTICIPLE = table([["ем", "нн", "вш", "ющ", "щ"], ["ивш", "ывш", "ующ"]]);
  var REFLEXIVE = table([["ся", "сь"]]);
  var VERB = table([["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют",
    "ны", "ть", "ешь", "нно"], ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей",
    "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены",
    "ить", "ыть", "ишь", "ую", "ю"]]);
  var NOUN = table([["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и",
    "ией", "ей", "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях",
    "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"]]);
  var DERIVATIONAL = table([["ост", "ость"]]);
  var TIDY_UP = table([["ейш", "ейше"], ["н"], ["ь"]]);

  /** The stem of a lowercase word: Snowball's russian.sbl, step by step. */
  function stem(word) {
    var w = word.replace(/ё/g, "е");
    var n = w.length, pV = n, p2 = n, i = 0;
    while (i < n && !isVowel(w[i])) i++;
    if (i < n) {
      pV = i + 1;
      var j = pV;
      while (j < n && isVowel(w[j])) j++;
      if (j < n) {
        j++;
        while (j < n && !isVowel(w[j])) j++;
        if (j < n) {
          j++;
          while (j < n && isVowel(w[j])) j++;
          if (j < n) p2 = j + 1;
        }
      }
    }
    // The longest suffix of w in t that starts at pV or later: [suffix, group], or null.
    function among(t) {
      for (var len = Math.min(t.longest, w.length - pV); len > 0; len--) {
        var s = w.slice(w.length - len);
        if (s in t.map) return [s, t.map[s]];
      }
      return null;
    }
    function cut(len) { w = w.slice(0, w.length - len); }
    // A group-0 suffix stays unless preceded (at pV or later) by «а» or «я».
    function afterAOrYa(len) {
      var k = w.length - len - 1;
      return k >= pV && (w[k] === "а" || w[k] === "я");
    }
    function removeWithAOrYa(t) {
      var m = among(t);
      if (!m || (m[1] === 0 && !afterAOrYa(m[0].length))) return false;
      cut(m[0].length);
      return true;
    }
    if (!removeWithAOrYa(PERFECTIVE_GERUND)) {
      var reflexive = among(REFLEXIVE);
      if (reflexive) cut(reflexive[0].length);
      var adjective = among(ADJECTIVE);
      if (adjective) {
        cut(adjective[0].length);
        removeWithAOrYa(PARTICIPLE);
      } else if (!removeWithAOrYa(VERB)) {
        var noun = among(NOUN);
        if (noun) cut(noun[0].length);
      }
    }
    if (w.length - 1 >= pV && w[w.length - 1] === "и") cut(1);
    var derivational = among(DERIVATIONAL);
    if (derivational && w.length - derivational[0].length >= p2) cut(derivational[0].length);
    var tidy = among(TIDY_UP);
    if (tidy) {
      if (tidy[1] === 0) {
        cut(tidy[0].length);
        if (w.length - 2 >= pV && w.slice(w.length - 2) === "нн") cut(1);
      } else if (tidy[1] === 1) {
        if (w.length - 2 >= pV && w[w.length - 2] === "н") cut(1);
      } else {
        cut(1);
      }
    }
    return w;
  }

  // MARK: Words, as SearchText.words makes them

  /** Lowercase words of text (ё as е), stop words and single letters left out. */
  function words(text, stop) {
    text = text.normalize ? text.normalize("NFC") : text;
    var out = [], current = "";
    function flush() {
      if (current.length > 1 && !(stop && stop[current])) out.push(current);
      current = "";
    }
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i), d = -1;
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x430 && c <= 0x44f)) {
        d = c;
      } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x410 && c <= 0x42f)) {
        d = c + 0x20;
      } else if (c === 0x401 || c === 0x451) {
        d = 0x435;
      }
      if (d >= 0) current += String.fromCharCode(d); else flush();
    }
    flush();
    return out;
  }

  // MARK: The index

  var VERSION = 2;

  /** The region's pages made searchable: pages [url, title, summary, [steps]] in the region's
      order, and stem → [page, weight, step, page, …]. Only the pages the region lists are
      searched; a listed page missing from the pages file is left out. */
  function prepare(shared, region) {
    if (!shared || !region || shared.version !== VERSION || region.version !== VERSION) return null;
    var stop = Object.create(null), postings = Object.create(null), pages = [], all = [];
    shared.stop.split(" ").forEach(function (word) { stop[word] = true; });
    region.pages.forEach(function (listed) {
      if (!Object.prototype.hasOwnProperty.call(shared.pages, listed[0])) return;
      var entry = shared.pages[listed[0]];
      // A region's own title (filled with its values) comes third when the page has one.
      pages.push([listed[0], listed.length > 2 ? listed[2] : entry[0], listed[1], entry[1]]);
      all.push(entry[2]);
    });
    for (var p = 0; p < pages.length; p++) {
      var terms = all[p].split(" ");
      for (var t = 0; t + 2 < terms.length; t += 3) {
        var list = postings[terms[t]] || (postings[terms[t]] = []);
        list.push(p, +terms[t + 1], terms[t + 2] === "-" ? -1 : +terms[t + 2]);
      }
    }
    return { pages: pages, stop: stop, postings: postings, stems: Object.keys(postings).sort() };
  }

  /** Stems beginning with prefix (at least 3 letters), by binary search in the sorted list. */
  function stemsStartingWith(index, prefix) {
    if (prefix.length < 3) return [];
    var stems = index.stems, low = 0, high = stems.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (stems[mid] < prefix) low = mid + 1; else high = mid;
    }
    var found = [];
    for (var k = low; k < stems.length && stems[k].lastIndexOf(prefix, 0) === 0; k++) {
      found.push(stems[k]);
    }
    return found;
  }

  /** Pages matching query, best first: {page, score, step}. The last word, while being typed,
      also matches stems it begins. Pages matching the most words only. */
  function search(index, query) {
    var list = words(query, index.stop);
    if (!list.length) return [];
    var typing = !/[\s.,;:!?»)]$/.test(query);
    var byPage = Object.create(null), seen = Object.create(null), terms = 0;
    list.forEach(function (word, position) {
      var s = stem(word);
      if (seen[s]) return;
      seen[s] = true;
      terms++;
      var candidates = [[s, 1]];
      if (typing && position === list.length - 1) {
        stemsStartingWith(index, s).forEach(function (other) {
          if (other !== s) candidates.push([other, 0.5]);
        });
      }
      var best = Object.create(null);
      candidates.forEach(function (candidate) {
        var posting = index.postings[candidate[0]];
        if (!posting) return;
        for (var k = 0; k < posting.length; k += 3) {
          var score = posting[k + 1] * candidate[1], old = best[posting[k]];
          if (!old || score > old[0]) best[posting[k]] = [score, posting[k + 2]];
        }
      });
      for (var page in best) {
        var hit = byPage[page] || (byPage[page] = { page: +page, score: 0, matched: 0, step: -1, stepScore: 0 });
        hit.score += best[page][0];
        hit.matched++;
        if (best[page][1] >= 0 && best[page][0] > hit.stepScore) {
          hit.step = best[page][1];
          hit.stepScore = best[page][0];
        }
      }
    });
    var hits = [], most = 0;
    for (var key in byPage) { hits.push(byPage[key]); most = Math.max(most, byPage[key].matched); }
    return hits.filter(function (hit) { return hit.matched === most; })
      .sort(function (a, b) { return b.score - a.score || a.page - b.page; })
      .map(function (hit) { return { page: hit.page, score: hit.score, step: hit.step, all: most === terms }; });
  }

  // MARK: The form

  function plural(n, one, few, many) {
    var ten = n % 10, hundred = n % 100;
    if (ten === 1 && hundred !== 11) return one;
    if (ten >= 2 && ten <= 4 && (hundred < 12 || hundred > 14)) return few;
    return many;
  }

  var api = { stem: stem, words: words, search: search, prepare: prepare, index: null };
  self.stepwiseSearch = api;
  // The site's pages file is at the site's root, the folder above this script's static/ (a
  // site's own search.mustache may predate the form's data-pages).
  var script = document.currentScript;
  var atRoot = script && script.src ? script.src.replace(/[^\/]*\/[^\/]*$/, "search-pages.js") : "";

  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = form.querySelector(".site-search-status");
  var results = form.querySelector(".site-search-results");
  var indexURL = form.getAttribute("data-index");
  var pagesURL = form.getAttribute("data-pages") || atRoot;
  var base = indexURL.slice(0, indexURL.lastIndexOf("/") + 1);
  var state = "idle", waiting = [], timer = 0, shown = "";

  function withIndex(then) {
    if (state === "ready") { then(); return; }
    waiting.push(then);
    if (state !== "idle") return;
    state = "loading";
    var finish = function () {
      api.index = prepare(self.stepwiseSearchPages, self.stepwiseSearchIndex);
      state = api.index ? "ready" : "failed";
      if (!api.index) status.textContent = "Поиск недоступен: не удалось загрузить указатель.";
      var queued = waiting;
      waiting = [];
      if (api.index) queued.forEach(function (f) { f(); });
    };
    // Both scripts, in parallel; the search starts when both have loaded (or one has failed).
    var pending = 0, failed = false;
    var loaded = function () { if (!failed && --pending === 0) finish(); };
    [[indexURL, "stepwiseSearchIndex"], [pagesURL, "stepwiseSearchPages"]].forEach(function (file) {
      if (self[file[1]]) return;
      pending++;
      var tag = document.createElement("script");
      tag.src = file[0];
      tag.onload = loaded;
      tag.onerror = function () { if (!failed) { failed = true; finish(); } };
      document.head.appendChild(tag);
    });
    if (pending === 0) finish();
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(query) {
    var trimmed = query.trim();
    if (trimmed === shown) return;
    shown = trimmed;
    results.textContent = "";
    if (!trimmed) {
      results.hidden = true;
      status.textContent = "";
      return;
    }
    var hits = search(api.index, trimmed);
    var shownHits = hits.slice(0, 20);
    shownHits.forEach(function (hit) {
      var page = api.index.pages[hit.page];
      var item = element("li");
      var link = element("a", "", page[1]);
      link.href = base + page[0];
      item.appendChild(link);
      if (page[2]) item.appendChild(element("p", "", page[2]));
      if (hit.step >= 0 && page[3][hit.step]) {
        item.appendChild(element("p", "site-search-step", "Шаг " + (hit.step + 1) + ": " + page[3][hit.step]));
      }
      results.appendChild(item);
    });
    results.hidden = hits.length === 0;
    var n = hits.length;
    status.textContent = n === 0
      ? "Ничего не найдено. Все инструкции региона — на странице «Все инструкции от А до Я» (кнопка «Найти»)."
      : (plural(n, "Найдена ", "Найдены ", "Найдено ") + n + " " +
        plural(n, "инструкция", "инструкции", "инструкций") +
        (hits[0].all ? "" : " (совпали не все слова)") +
        (n > shownHits.length ? ", показаны первые " + shownHits.length : "") + ".");
  }

  function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

  input.addEventListener("focus", function () { withIndex(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { withIndex(function () { show(input.value); }); }, 80);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      input.value = "";
      if (state === "ready") show("");
    }
  });
  results.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < all.length) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      input.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    withIndex(function () {
      show(input.value);
      if (links().length) links()[0].focus();
    });
  });
  var asked = /[?&]q=([^&]*)/.exec(location.search);
  if (asked) {
    var query = "";
    try { query = decodeURIComponent(asked[1].replace(/\+/g, " ")); } catch (e) { query = ""; }
    input.value = query;
    if (query.trim()) withIndex(function () { show(query); });
  }
})();
