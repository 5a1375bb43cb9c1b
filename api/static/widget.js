/* 就労定着支援 guide: embeddable chat widget. Plain JS, no dependencies.
 *
 *   <script src="https://HOST/widget.js" data-office="OFFICE_ID" async></script>
 *
 * Everything lives in a Shadow DOM (styles do not leak either way). Bot text is rendered with
 * textContent and DOM-built <ruby> elements only, never as HTML; links only for http(s)/mailto/tel.
 * The session id, display choices and the open state are kept in localStorage per office;
 * 「会話を消す」 deletes the conversation on the server (DELETE /api/v1/sessions/{id}) and forgets it.
 */
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector('script[src*="widget.js"][data-office]');
  if (!script || window.__teichakuWidget) return;
  window.__teichakuWidget = true;

  var API = new URL(script.src, location.href).origin;
  var OFFICE = script.getAttribute("data-office") || "demo";
  var STORE = "teichaku:" + OFFICE + ":";
  var SAFE_SCHEMES = ["http:", "https:", "mailto:", "tel:"];
  var DEFAULT_ACCENT = "#1d5fa8";
  var TEXT = {
    launcher: "相談チャット",
    title: "就労定着支援の案内",
    close: "閉じる",
    log: "会話の記録",
    you: "あなた：",
    bot: "案内：",
    input: "メッセージ（Enterで送信）",
    send: "送信",
    furigana: "ふりがな",
    easy: "やさしい日本語",
    large: "文字を大きく",
    options: "表示の設定",
    typing: "回答を考えています",
    person: "人と話したい",
    down: "いま、チャットボットが使えません。時間をおいて、もう一度試してください。",
    offline: "サーバーにつながりません。時間をおいて、もう一度試してください。",
    contactIntro: "急ぐときは、こちらに連絡してください。",
    callback: "折り返しの連絡を頼む",
    choices: "選べるボタンがあります。",
    forget: "会話を消す",
    forgetAsk: "この会話の記録を、すべて消します。消すと、元に戻せません。",
    forgetYes: "消す",
    forgetNo: "やめる",
    forgotten: "会話を消しました。新しく話しかけることができます。",
    forgetFailed: "いま、会話を消せませんでした。時間をおいて、もう一度試してください。"
  };

  function load(key, fallback) {
    try {
      var raw = localStorage.getItem(STORE + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(STORE + key);
      else localStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (e) { /* storage may be blocked; the widget still works for this page */ }
  }

  var state = {
    config: load("config", null),
    session: load("session", null),
    prefs: load("prefs", { furigana: "off", easy: false, large: false }),
    prefsStored: load("prefs", null) !== null,
    messages: [],
    busy: false
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "class") node.className = attrs[k];
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
        else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // ------------------------------------------------------------------ colour contrast
  function luminance(hex) {
    var m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return null;
    var n = parseInt(m[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255].map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce(function (sum, v, i) { return sum + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function accentFor(hex) {
    // White text on the accent, and the accent on white, must reach 4.5:1; else use the default.
    var l = luminance(hex);
    return l !== null && 1.05 / (l + 0.05) >= 4.5 ? hex : DEFAULT_ACCENT;
  }

  // ------------------------------------------------------------------ DOM
  var host = el("div", { id: "teichaku-chat-widget" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("link", { rel: "stylesheet", href: API + "/widget.css" });
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel", text: TEXT.launcher });
  var title = el("h2", { id: "title", text: TEXT.title });
  var closeBtn = el("button", { type: "button", class: "close", "aria-label": TEXT.close, text: "×" });
  var optFuri = el("button", { type: "button", "aria-pressed": "false", text: TEXT.furigana });
  var optEasy = el("button", { type: "button", "aria-pressed": "false", text: TEXT.easy });
  var optLarge = el("button", { type: "button", "aria-pressed": "false", text: TEXT.large });
  var log = el("div", { class: "log", role: "log", "aria-label": TEXT.log, tabindex: "0" });
  var typing = el("p", { class: "typing", role: "status" });
  var input = el("input", { id: "input", type: "text", autocomplete: "off", maxlength: "1000", enterkeyhint: "send" });
  var form = el("form", { class: "compose" }, [
    el("label", { for: "input", text: TEXT.input }),
    input,
    el("button", { type: "submit", class: "send", text: TEXT.send })
  ]);
  var personBtn = el("button", { type: "button", class: "action", text: TEXT.person });
  var forgetBtn = el("button", { type: "button", class: "action", text: TEXT.forget });
  var forgetText = el("p", { id: "forget-text", tabindex: "-1", text: TEXT.forgetAsk });
  var forgetYes = el("button", { type: "button", class: "primary", text: TEXT.forgetYes });
  var forgetNo = el("button", { type: "button", class: "action", text: TEXT.forgetNo });
  var forgetBox = el("div", { class: "confirm", role: "group", "aria-labelledby": "forget-text", hidden: true }, [
    forgetText, el("div", { class: "row" }, [forgetYes, forgetNo])
  ]);
  var handoffBox = el("div", { class: "handoff-form", hidden: true });
  var panel = el("div", { id: "panel", class: "panel", role: "dialog", "aria-labelledby": "title", lang: "ja", hidden: true }, [
    el("div", { class: "head" }, [title, closeBtn]),
    el("div", { class: "options", role: "group", "aria-label": TEXT.options }, [optFuri, optEasy, optLarge]),
    log,
    typing,
    forgetBox,
    handoffBox,
    form,
    el("div", { class: "foot" }, [forgetBtn, personBtn])
  ]);
  panel.style.visibility = "hidden";
  style.addEventListener("load", function () { panel.style.visibility = ""; });
  style.addEventListener("error", function () { panel.style.visibility = ""; });
  root.appendChild(style);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ------------------------------------------------------------------ preferences
  function applyPrefs() {
    var p = state.prefs;
    optFuri.setAttribute("aria-pressed", String(p.furigana === "all"));
    optEasy.setAttribute("aria-pressed", String(!!p.easy));
    optLarge.setAttribute("aria-pressed", String(!!p.large));
    panel.classList.toggle("large", !!p.large);
    if (state.prefsStored) save("prefs", p);
  }
  function togglePref(name) {
    if (name === "furigana") state.prefs.furigana = state.prefs.furigana === "all" ? "off" : "all";
    else state.prefs[name] = !state.prefs[name];
    state.prefsStored = true;
    applyPrefs();
    renderAll();
  }
  optFuri.addEventListener("click", function () { togglePref("furigana"); });
  optEasy.addEventListener("click", function () { togglePref("easy"); });
  optLarge.addEventListener("click", function () { togglePref("large"); });

  function applyConfig(config) {
    state.config = config;
    save("config", config);
    title.textContent = config.display_name || TEXT.title;
    var accent = accentFor(config.theme_color);
    host.style.setProperty("--accent", accent);
    if (!state.prefsStored) state.prefs.furigana = config.default_furigana === "all" ? "all" : "off";
    if (config.message_max_chars) input.setAttribute("maxlength", String(config.message_max_chars));
    applyPrefs();
  }

  // ------------------------------------------------------------------ rendering
  function textNodes(text, ruby) {
    var frag = document.createDocumentFragment();
    if (state.prefs.furigana === "all" && ruby && ruby.length) {
      ruby.forEach(function (seg) {
        if (seg[1]) {
          var r = document.createElement("ruby");
          r.appendChild(document.createTextNode(seg[0]));
          var rt = document.createElement("rt");
          rt.textContent = seg[1];
          r.appendChild(rt);
          frag.appendChild(r);
        } else {
          frag.appendChild(document.createTextNode(seg[0]));
        }
      });
    } else {
      frag.appendChild(document.createTextNode(text));
    }
    return frag;
  }

  function safeHref(url) {
    try {
      var u = new URL(url);
      return SAFE_SCHEMES.indexOf(u.protocol) >= 0 ? u.href : null;
    } catch (e) { return null; }
  }

  function renderMessage(m, index) {
    if (m.role === "user") {
      return el("div", { class: "msg user" }, [
        el("span", { class: "sr-only", text: TEXT.you }),
        el("p", { class: "text", text: m.text })
      ]);
    }
    var easy = state.prefs.easy && m.easy_text;
    var p = el("p", { class: "text" });
    p.appendChild(textNodes(easy ? m.easy_text : m.text, easy ? m.easy_ruby : m.ruby));
    var box = el("div", { class: "msg bot" + (m.notice ? " notice" : ""), "data-index": String(index) }, [
      el("span", { class: "sr-only", text: TEXT.bot }), p
    ]);
    if (m.links && m.links.length) {
      var ul = el("ul", { class: "links" });
      m.links.forEach(function (link) {
        var href = safeHref(link.url);
        if (href) ul.appendChild(el("li", null, [el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: link.title })]));
      });
      box.appendChild(ul);
    }
    var buttons = (m.buttons || []).slice();
    if (m.type === "handoff") buttons.push({ title: TEXT.callback, action: "callback" });
    if (buttons.length) {
      var group = el("div", { class: "choices", role: "group", "aria-label": "選ぶ" });
      buttons.forEach(function (b) {
        group.appendChild(el("button", {
          type: "button",
          text: b.title,
          onclick: function () {
            if (b.action === "callback") openHandoff();
            else send({ payload: b.payload, title: b.title }, true);
          }
        }));
      });
      box.appendChild(group);
    }
    return box;
  }

  function renderAll() {
    log.textContent = "";
    state.messages.forEach(function (m, i) { log.appendChild(renderMessage(m, i)); });
    log.scrollTop = log.scrollHeight;
  }

  function append(messages) {
    var first = null;
    messages.forEach(function (m) {
      state.messages.push(m);
      var node = renderMessage(m, state.messages.length - 1);
      log.appendChild(node);
      if (!first && m.role !== "user") first = node;
    });
    log.scrollTop = log.scrollHeight;
    return first;
  }

  function notice(text, officeContact) {
    // The contact the error named (e.g. a 503's), else the office's from its config.
    var contact = officeContact || (state.config && state.config.contact_text);
    var full = contact ? text + "\n" + TEXT.contactIntro + "\n" + contact : text;
    append([{ role: "bot", type: "text", text: full, ruby: [], notice: true, buttons: [], links: [] }]);
  }

  function setBusy(busy) {
    state.busy = busy;
    typing.textContent = "";
    if (busy) {
      typing.appendChild(document.createTextNode(TEXT.typing));
      var dots = el("span", { class: "dots", "aria-hidden": "true" }, [
        el("span", { text: "・" }), el("span", { text: "・" }), el("span", { text: "・" })
      ]);
      typing.appendChild(dots);
    }
  }

  // ------------------------------------------------------------------ network
  function request(method, path, body) {
    var opts = { method: method, headers: {}, mode: "cors", credentials: "omit" };
    if (body) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(API + path, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { status: res.status, data: data };
      });
    });
  }

  function errorText(res) {
    var err = res.data && res.data.error;
    if (err && err.code === "bot_unavailable") return TEXT.down;
    return (err && err.message) || TEXT.down;
  }
  function errorContact(res) {
    var err = res.data && res.data.error;
    return (err && typeof err.contact === "string" && err.contact) || null;
  }

  function loadConfig() {
    return request("GET", "/api/v1/offices/" + encodeURIComponent(OFFICE) + "/widget-config").then(function (res) {
      if (res.status === 200) applyConfig(res.data);
      else if (!state.config) { applyConfig({ display_name: TEXT.title, theme_color: DEFAULT_ACCENT, default_furigana: "off" }); notice(errorText(res)); }
    }, function () {
      applyConfig(state.config || { display_name: TEXT.title, theme_color: DEFAULT_ACCENT, default_furigana: "off" });
    });
  }

  function loadHistory() {
    if (!state.session) return Promise.resolve();
    var path = "/api/v1/sessions/" + encodeURIComponent(state.session) + "/messages?office_id=" + encodeURIComponent(OFFICE);
    return request("GET", path).then(function (res) {
      if (res.status === 200) {
        state.messages = res.data.messages || [];
        renderAll();
      } else if (res.status === 404 || res.status === 422) {
        state.session = null;
        save("session", null);
      }
    }, function () { /* offline: keep an empty log; sending will explain */ });
  }

  // After a failed send, what the user typed goes back into the input (unless they typed more).
  function keepTyped(what) {
    if (what.message && !input.value) input.value = what.message;
  }

  function send(what, viaButton) {
    if (state.busy) return;
    var body = { office_id: OFFICE };
    if (state.session) body.session_id = state.session;
    if (what.payload) body.payload = what.payload;
    else body.message = what.message;
    append([{ role: "user", text: what.title || what.message }]);
    setBusy(true);
    request("POST", "/api/v1/chat", body).then(function (res) {
      if (res.status === 404 && res.data.error && res.data.error.code === "session_not_found") {
        state.session = null;
        save("session", null);
        delete body.session_id;
        return request("POST", "/api/v1/chat", body);
      }
      return res;
    }).then(function (res) {
      setBusy(false);
      if (res.status !== 200) {
        // A 503 still stored the message; keep its session so the history shows it later.
        var err = res.data && res.data.error;
        if (err && err.session_id) { state.session = err.session_id; save("session", state.session); }
        notice(errorText(res), errorContact(res)); keepTyped(what); input.focus(); return;
      }
      state.session = res.data.session_id;
      save("session", state.session);
      var first = append(res.data.messages || []);
      // Focus: after a button, go to the first new choice (or the input); after typing, stay.
      var choice = first && first.querySelector(".choices button");
      if (viaButton) (choice || input).focus();
      else if (choice) typing.textContent = TEXT.choices;
    }, function () {
      setBusy(false);
      notice(TEXT.offline);
      keepTyped(what);
      input.focus();
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || state.busy) return;
    input.value = "";
    send({ message: text }, false);
  });
  personBtn.addEventListener("click", function () { send({ payload: "/handoff", title: TEXT.person }, true); });

  // ------------------------------------------------------------------ 「会話を消す」
  function closeForget(focusTarget) {
    forgetBox.hidden = true;
    forgetBtn.setAttribute("aria-expanded", "false");
    if (focusTarget) focusTarget.focus();
  }
  function forgotten() {
    state.session = null;
    save("session", null);
    state.messages = [];
    renderAll();
    closeForget(input);
    append([{ role: "bot", type: "text", text: TEXT.forgotten, ruby: [], buttons: [], links: [] }]);
  }
  forgetBtn.setAttribute("aria-expanded", "false");
  forgetBtn.addEventListener("click", function () {
    closeHandoff();
    forgetBox.hidden = false;
    forgetBtn.setAttribute("aria-expanded", "true");
    forgetText.focus();
  });
  forgetNo.addEventListener("click", function () { closeForget(forgetBtn); });
  forgetBox.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); e.stopPropagation(); closeForget(forgetBtn); }
  });
  forgetYes.addEventListener("click", function () {
    if (!state.session) { forgotten(); return; }
    var path = "/api/v1/sessions/" + encodeURIComponent(state.session) + "?office_id=" + encodeURIComponent(OFFICE);
    forgetYes.disabled = true;
    request("DELETE", path).then(function (res) {
      forgetYes.disabled = false;
      // 404: nothing is left on the server either.
      if (res.status === 204 || res.status === 404) forgotten();
      else { closeForget(forgetBtn); notice(res.status === 429 ? errorText(res) : TEXT.forgetFailed); }
    }, function () {
      forgetYes.disabled = false;
      closeForget(forgetBtn);
      notice(TEXT.forgetFailed);
    });
  });

  // ------------------------------------------------------------------ handoff form
  function field(id, label, multiline) {
    var input = el(multiline ? "textarea" : "input", multiline ? { id: id, rows: "2" } : { id: id, type: "text" });
    return [el("label", { for: id, text: label }), input];
  }
  function openHandoff() {
    handoffBox.textContent = "";
    var err = el("p", { class: "error", role: "alert" });
    var fields = [].concat(
      field("h-name", "お名前（書かなくてもよいです）"),
      field("h-contact", "連絡先（電話番号かメール）"),
      field("h-time", "連絡してほしい時間（書かなくてもよいです）"),
      field("h-message", "相談したいこと（書かなくてもよいです）", true)
    );
    var shareBox = el("input", { id: "h-share", type: "checkbox" });
    var consent = el("input", { id: "h-consent", type: "checkbox" });
    var submit = el("button", { type: "submit", class: "send", text: "送る" });
    var cancel = el("button", { type: "button", class: "action", text: "やめる" });
    var f = el("form", { "aria-labelledby": "h-title" }, [
      el("p", { id: "h-title", text: "事業所から連絡してもらうための情報です。書いたことだけが事業所に届きます。" })
    ].concat(fields, [
      el("div", { class: "check" }, [shareBox, el("label", { for: "h-share", text: "この会話の記録も送る" })]),
      el("div", { class: "check" }, [consent, el("label", { for: "h-consent", text: "この内容を事業所に送ることに同意します" })]),
      err,
      el("div", { class: "row" }, [submit, cancel])
    ]));
    function value(id) { return root.getElementById(id).value.trim() || null; }
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!consent.checked) { err.textContent = "送る前に、同意のチェックをしてください。"; consent.focus(); return; }
      request("POST", "/api/v1/handoff", {
        office_id: OFFICE, session_id: state.session, consent: true,
        name: value("h-name"), contact: value("h-contact"), preferred_time: value("h-time"),
        message: value("h-message"), share_transcript: shareBox.checked
      }).then(function (res) {
        if (res.status !== 201) { err.textContent = errorText(res); return; }
        closeHandoff();
        append([res.data.message]);
        input.focus();
      }, function () { err.textContent = TEXT.offline; });
    });
    cancel.addEventListener("click", function () { closeHandoff(); input.focus(); });
    handoffBox.appendChild(f);
    handoffBox.hidden = false;
    form.hidden = true;
    root.getElementById("h-name").focus();
  }
  function closeHandoff() {
    handoffBox.hidden = true;
    handoffBox.textContent = "";
    form.hidden = false;
  }

  // ------------------------------------------------------------------ open / close
  var started = null;
  function start() {
    if (!started) started = loadConfig().then(loadHistory);
    return started;
  }
  function open(restoring) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    try { sessionStorage.setItem(STORE + "open", "1"); } catch (e) { /* ignore */ }
    if (restoring !== true) input.focus();
    start().then(function () {
      if (!state.messages.length && !state.busy) {
        append([{ role: "bot", type: "text", text: "こんにちは。就労定着支援について、質問に答えます。短い文で聞いてください。", ruby: [], buttons: [{ title: "できること", payload: "/help" }], links: [] }]);
      }
    });
  }
  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    try { sessionStorage.removeItem(STORE + "open"); } catch (e) { /* ignore */ }
    launcher.focus();
  }
  launcher.addEventListener("click", function () { open(false); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); close(); }
  });

  // WCAG 2.4.11: the launcher never hides what has focus on the host page.
  document.addEventListener("focusin", function (e) {
    if (launcher.hidden || e.target === host) return;
    var a = e.target.getBoundingClientRect(), b = launcher.getBoundingClientRect();
    if (a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom) {
      launcher.classList.toggle("left");
      var c = launcher.getBoundingClientRect();
      if (a.right > c.left && a.left < c.right && a.bottom > c.top && a.top < c.bottom) {
        window.scrollBy(0, a.bottom - c.top + 16);
      }
    }
  });

  function mount() {
    document.body.appendChild(host);
    if (state.config) applyConfig(state.config);
    var wasOpen = false;
    try { wasOpen = sessionStorage.getItem(STORE + "open") === "1"; } catch (e) { /* ignore */ }
    start().then(function () { if (wasOpen && panel.hidden) open(true); });
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
