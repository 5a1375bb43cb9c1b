/* Minimal staff page: the key stays in sessionStorage; all text goes through textContent.
 * The lists come a page at a time, newest first (「もっと見る」 asks for rows below the lowest id
 * shown), so a flood of requests can never hide an older one. */
(function () {
  "use strict";
  var key = sessionStorage.getItem("staff-key") || "";
  var PAGE = 50;
  var $ = function (sel) { return document.querySelector(sel); };

  function api(method, path, body) {
    var opts = { method: method, headers: { Authorization: "Bearer " + key } };
    if (body) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
    return fetch("/api/v1/staff" + path, opts).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data.error && data.error.message) || res.statusText);
        return data;
      });
    });
  }
  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) {
      var td = document.createElement("td");
      if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? "" : String(c);
      tr.appendChild(td);
    });
    return tr;
  }
  function fill(id, rows) {
    var body = $("#" + id + " tbody");
    body.textContent = "";
    rows.forEach(function (r) { body.appendChild(row(r)); });
  }
  function when(iso) { return new Date(iso).toLocaleString("ja-JP"); }

  // A paged list: the first page, then 「もっと見る」 for the next (ids below the lowest shown).
  function pagedList(id, path, filters, cells) {
    var lowest = null;
    var more = $("#" + id + "-more");
    function load(first) {
      var query = "?limit=" + PAGE + (first || lowest === null ? "" : "&before_id=" + lowest);
      var f = filters();
      Object.keys(f).forEach(function (k) { if (f[k]) query += "&" + k + "=" + encodeURIComponent(f[k]); });
      return api("GET", path + query).then(function (rows) {
        var body = $("#" + id + " tbody");
        if (first) { body.textContent = ""; lowest = null; }
        rows.forEach(function (r) {
          body.appendChild(row(cells(r)));
          lowest = lowest === null ? r.id : Math.min(lowest, r.id);
        });
        more.hidden = rows.length < PAGE;
      });
    }
    more.addEventListener("click", function () { load(false); });
    return function () { return load(true); };
  }

  function statusSelect(r) {
    var status = document.createElement("select");
    status.setAttribute("aria-label", "状態");
    [["new", "未対応"], ["contacted", "連絡した"], ["closed", "完了"]].forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      status.appendChild(opt);
    });
    status.value = r.status;
    status.addEventListener("change", function () {
      api("PUT", "/handoffs/" + r.id + "/status", { status: status.value });
    });
    return status;
  }
  var AUDIT_ACTIONS = { "handoffs.list": "連絡の依頼を表示", "unanswered.list": "答えられなかった質問を表示" };

  var loadUnanswered = pagedList("unanswered", "/unanswered", function () { return {}; }, function (r) {
    return [when(r.created_at), r.text, r.reason];
  });
  var loadHandoffs = pagedList("handoffs", "/handoffs", function () { return { status: $("#handoff-status").value }; }, function (r) {
    var shared = r.transcript ? "あり（" + r.transcript.length + "件）" : "なし";
    var del = document.createElement("button");
    del.type = "button";
    del.textContent = "削除";
    del.setAttribute("aria-label", when(r.created_at) + " の依頼を削除");
    del.addEventListener("click", function () {
      if (window.confirm("この依頼を消します。元に戻せません。")) api("DELETE", "/handoffs/" + r.id).then(refresh);
    });
    var actions = document.createElement("span");
    actions.appendChild(statusSelect(r));
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(del);
    return [when(r.created_at), r.name, r.contact, r.preferred_time, r.message, shared, actions];
  });
  var loadAudit = pagedList("audit", "/audit-log", function () { return {}; }, function (r) {
    var ids = (r.detail && r.detail.ids) || [];
    return [when(r.created_at), r.api_key_label || ("キー " + r.api_key_id), AUDIT_ACTIONS[r.action] || r.action, ids.length + "件"];
  });

  function refresh() {
    return Promise.all([
      api("GET", "/settings").then(function (s) {
        var f = $("#settings");
        f.display_name.value = s.display_name;
        f.allowed_origins.value = s.allowed_origins.join("\n");
        f.contact_text.value = s.contact_text;
        f.theme_color.value = s.theme_color;
        f.default_furigana.value = s.default_furigana;
        f.retention_days.value = s.retention_days;
      }),
      loadUnanswered(),
      loadHandoffs(),
      api("GET", "/directory").then(function (rows) {
        fill("directory", rows.map(function (r) {
          var del = document.createElement("button");
          del.type = "button";
          del.textContent = "削除";
          del.setAttribute("aria-label", r.name + " を削除");
          del.addEventListener("click", function () { api("DELETE", "/directory/" + r.id).then(refresh); });
          return [r.name, r.category, r.area_of_life, r.municipality, r.phone, r.hours, r.notes, del];
        }));
      })
    ]).then(loadAudit);  // after the lists, so it shows their reads too
  }

  $("#login").addEventListener("submit", function (e) {
    e.preventDefault();
    key = $("#key").value.trim();
    refresh().then(function () {
      sessionStorage.setItem("staff-key", key);
      $("#login").hidden = true;
      $("#content").hidden = false;
    }, function (err) { $("#login-error").textContent = err.message; });
  });
  $("#handoff-status").addEventListener("change", function () { loadHandoffs().then(loadAudit); });
  $("#settings").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target;
    api("PUT", "/settings", {
      display_name: f.display_name.value,
      allowed_origins: f.allowed_origins.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
      contact_text: f.contact_text.value,
      theme_color: f.theme_color.value,
      default_furigana: f.default_furigana.value,
      retention_days: parseInt(f.retention_days.value, 10) || null
    }).then(function () { $("#settings-status").textContent = "保存しました。"; refresh(); },
            function (err) { $("#settings-status").textContent = err.message; });
  });
  $("#new-entry").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, body = {};
    ["name", "category", "area_of_life", "municipality", "phone", "url", "hours", "notes"].forEach(function (n) { body[n] = f[n].value; });
    api("POST", "/directory", body).then(function () { f.reset(); $("#entry-status").textContent = "追加しました。"; refresh(); },
                                         function (err) { $("#entry-status").textContent = err.message; });
  });
  if (key) {
    refresh().then(function () { $("#login").hidden = true; $("#content").hidden = false; }, function () { sessionStorage.removeItem("staff-key"); });
  }
})();
