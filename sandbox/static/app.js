// The sandbox web chat: play any demo persona against the real bot (see docs/sandbox.md).
// Plain JavaScript, no build step, nothing fetched from the internet. Untrusted text is always
// inserted as text nodes; the bot's HTML goes through a whitelist sanitiser (never innerHTML).

const API = "/sandbox/api";
const EMAIL_FRAME_CSP = "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'";
const LONG_POLL_SECONDS = 20;
const OUTBOX_POLL_MS = 1000;
const NARROW = window.matchMedia("(max-width: 899px)");

const $ = (id) => document.getElementById(id);

const els = {
  connection: $("connection"),
  picker: $("picker"),
  personas: $("personas"),
  otherForm: $("other-form"),
  otherId: $("other-id"),
  otherError: $("other-error"),
  workspace: $("workspace"),
  back: $("back"),
  avatar: $("chat-avatar"),
  title: $("chat-title"),
  sub: $("chat-sub"),
  tabs: [$("tab-chat"), $("tab-sms"), $("tab-email")],
  toast: $("toast"),
  scroll: $("chat-scroll"),
  empty: $("chat-empty"),
  sayStart: $("say-start"),
  messages: $("messages"),
  dropZone: $("drop-zone"),
  replyKeyboard: $("reply-keyboard"),
  commandMenu: $("command-menu"),
  composer: $("composer"),
  menuButton: $("menu-button"),
  attachButton: $("attach-button"),
  input: $("composer-input"),
  fileInput: $("file-input"),
  smsList: $("sms-list"),
  smsEmpty: $("sms-empty"),
  emailList: $("email-list"),
  emailEmpty: $("email-empty"),
  uploadDialog: $("upload-dialog"),
  uploadForm: $("upload-form"),
  uploadTitle: $("upload-title"),
  uploadPreview: $("upload-preview"),
  kindPhoto: $("kind-photo"),
  kindDocument: $("kind-document"),
  uploadCaption: $("upload-caption"),
  uploadCancel: $("upload-cancel"),
  alertDialog: $("alert-dialog"),
  alertText: $("alert-text"),
};

const STATUS_LABELS = {
  pending: "Pendiente",
  sending: "Enviando",
  in_doubt: "En duda",
  sent: "Enviado",
  delivered: "Entregado",
  failed: "Falló",
  skipped: "Omitido",
};

const state = {
  personas: new Map(), // user_id → persona
  session: null, // the open chat (see openChat)
  outbox: null, // the outbox poller
  lastPersonaId: null,
};

// --- small helpers -----------------------------------------------------------------------------

/** Create an element: h("a", {href: "…", class: "x"}, "text", child). Children are text or nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = "GET", json, form, signal } = {}) {
  const init = { method, signal, headers: {} };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  } else if (form !== undefined) {
    init.body = form;
  }
  const response = await fetch(`${API}/${path}`, init);
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError((body && body.error) || `HTTP ${response.status}`, response.status);
  }
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join("");
}

function avatarHue(userId) {
  return (Number(userId) * 47) % 360;
}

const timeFormat = new Intl.DateTimeFormat("es-CL", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const dateTimeFormat = new Intl.DateTimeFormat("es-CL", {
  day: "2-digit",
  month: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const SVG = "http://www.w3.org/2000/svg";

/** A small page-with-a-fold icon for documents (UI icons never depend on emoji fonts). */
function documentIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  for (const [d, fill] of [
    ["M6 2.5h8l4.5 4.5v14.5H6z", "currentColor"],
    ["M14 2.5V7h4.5", "none"],
  ]) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", fill);
    path.setAttribute("stroke", fill === "none" ? "#1f6fb2" : "none");
    path.setAttribute("stroke-width", "1.6");
    svg.append(path);
  }
  return svg;
}

function formatBytes(size) {
  if (!Number.isFinite(size)) return "";
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}

function setConnection(ok) {
  els.connection.hidden = ok;
}

let toastTimer = null;
function toast(text) {
  els.toast.textContent = text;
  els.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    els.toast.hidden = true;
  }, 4000);
}

function showAlert(text) {
  els.alertText.textContent = text;
  if (!els.alertDialog.open) els.alertDialog.showModal();
  $("alert-ok").focus();
}

// --- the bot's HTML, sanitised -----------------------------------------------------------------

// Telegram's own tags (plus their aliases); anything else is unwrapped to its text.
const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "s", "code", "pre", "a", "blockquote"]);
const TAG_ALIASES = { ins: "u", strike: "s", del: "s" };
const DROPPED_TAGS = new Set([
  "script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "title",
  "svg", "math", "head",
]);

function safeHref(raw) {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function copySafe(from, to, depth) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(document.createTextNode(node.data));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = node.localName;
    if (DROPPED_TAGS.has(tag)) continue;
    const name = TAG_ALIASES[tag] || tag;
    if (!ALLOWED_TAGS.has(name) || depth > 20) {
      copySafe(node, to, depth + 1);
      continue;
    }
    const el = document.createElement(name);
    if (name === "a") {
      const href = safeHref(node.getAttribute("href"));
      if (href) {
        el.href = href;
        el.target = "_blank";
        el.rel = "noopener noreferrer nofollow";
      }
    }
    copySafe(node, el, depth + 1);
    to.append(el);
  }
}

/** Telegram HTML → a fragment with only the whitelisted tags (parsed in an inert document). */
function sanitize(html) {
  const fragment = document.createDocumentFragment();
  const inert = new DOMParser().parseFromString(String(html), "text/html");
  copySafe(inert.body, fragment, 0);
  return fragment;
}

function richText(html, plain) {
  if (typeof html === "string") return sanitize(html);
  const fragment = document.createDocumentFragment();
  fragment.append(document.createTextNode(plain || ""));
  return fragment;
}

// As in Telegram, a /command in the bot's text can be tapped to send it.
const COMMAND_IN_TEXT = /(^|[\s(«"'])(\/[A-Za-z0-9_]{1,32})(?=$|[\s.,;:!?)»"'])/g;

function linkCommands(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest("a, code, pre")) continue;
    if (node.data.includes("/")) found.push(node);
  }
  for (const node of found) {
    const parts = [];
    let last = 0;
    for (const match of node.data.matchAll(COMMAND_IN_TEXT)) {
      const start = match.index + match[1].length;
      parts.push(document.createTextNode(node.data.slice(last, start)));
      const command = match[2];
      parts.push(
        h(
          "button",
          {
            type: "button",
            class: "inline-command",
            title: `Enviar ${command}`,
            onclick: () => sendText(command),
          },
          command,
        ),
      );
      last = start + command.length;
    }
    if (!parts.length) continue;
    parts.push(document.createTextNode(node.data.slice(last)));
    node.replaceWith(...parts);
  }
  return root;
}

// --- persona picker ----------------------------------------------------------------------------

function personaCard(persona) {
  const button = h(
    "button",
    {
      type: "button",
      class: "persona",
      dataset: { userId: persona.user_id },
      onclick: () => go(persona.user_id),
    },
    h("span", { class: "avatar", "aria-hidden": "true" }, initials(persona.name)),
    h(
      "span",
      { class: "persona-text" },
      h("span", { class: "persona-name" }, persona.name),
      h("span", { class: "persona-profile" }, persona.profile),
      h("span", { class: "persona-communities" }, persona.communities),
    ),
    h("span", { class: "persona-id" }, `ID ${persona.user_id}`),
  );
  button.querySelector(".avatar").style.setProperty("--hue", avatarHue(persona.user_id));
  return h("li", {}, button);
}

async function loadPersonas() {
  for (;;) {
    try {
      const { personas } = await api("personas");
      state.personas = new Map(personas.map((p) => [p.user_id, p]));
      els.personas.replaceChildren(...personas.map(personaCard));
      els.personas.setAttribute("aria-busy", "false");
      setConnection(true);
      return;
    } catch {
      setConnection(false);
      await sleep(1500);
    }
  }
}

function personaFor(userId) {
  return (
    state.personas.get(userId) || {
      user_id: userId,
      name: `Cuenta ${userId}`,
      profile: "Otra cuenta de Telegram",
      communities: "",
    }
  );
}

function parseUserId(raw) {
  const text = String(raw || "").trim();
  if (!/^[0-9]{1,15}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}

els.otherForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const userId = parseUserId(els.otherId.value);
  if (userId === null) {
    els.otherError.textContent = "Escribe un ID numérico (solo dígitos, mayor que cero).";
    els.otherError.hidden = false;
    els.otherId.setAttribute("aria-invalid", "true");
    els.otherId.focus();
    return;
  }
  els.otherError.hidden = true;
  els.otherId.removeAttribute("aria-invalid");
  go(userId);
});

// --- routing: #/chat/1003 ----------------------------------------------------------------------

function go(userId) {
  const target = userId === null ? "" : `#/chat/${userId}`;
  if (location.hash === target || (target === "" && !location.hash)) route();
  else location.hash = target;
}

function route() {
  const match = /^#\/chat\/([0-9]{1,15})$/.exec(location.hash);
  const userId = match ? parseUserId(match[1]) : null;
  if (userId === null) showPicker();
  else openChat(userId);
}

function showPicker() {
  closeChat();
  els.workspace.hidden = true;
  els.picker.hidden = false;
  document.body.classList.remove("in-chat");
  document.title = "Conserjería · Sandbox";
  const previous = els.personas.querySelector(`[data-user-id="${state.lastPersonaId}"]`);
  if (previous) previous.focus();
}

els.back.addEventListener("click", () => go(null));

// --- tabs (phones) -----------------------------------------------------------------------------

function selectTab(tab, { focus = false } = {}) {
  for (const other of els.tabs) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute("aria-controls")).classList.toggle("active", selected);
  }
  if (focus) tab.focus();
  const badge = tab.querySelector(".badge");
  if (badge) badge.hidden = true;
  if (state.outbox) state.outbox.markSeen(tab.id);
  if (tab.id === "tab-chat") scrollToBottom();
}

for (const tab of els.tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (event) => {
    const index = els.tabs.indexOf(tab);
    let next = null;
    if (event.key === "ArrowRight") next = els.tabs[(index + 1) % els.tabs.length];
    if (event.key === "ArrowLeft") next = els.tabs[(index + els.tabs.length - 1) % els.tabs.length];
    if (event.key === "Home") next = els.tabs[0];
    if (event.key === "End") next = els.tabs[els.tabs.length - 1];
    if (next) {
      event.preventDefault();
      selectTab(next, { focus: true });
    }
  });
}

function tabVisible(tabId) {
  if (!NARROW.matches) return true;
  return $(tabId).getAttribute("aria-selected") === "true";
}

// --- the chat ----------------------------------------------------------------------------------

function openChat(userId) {
  if (state.session && state.session.userId === userId) return;
  closeChat();
  const persona = personaFor(userId);
  state.lastPersonaId = userId;
  const session = {
    userId,
    persona,
    active: true,
    abort: new AbortController(),
    epoch: null,
    revision: 0,
    loaded: false,
    views: new Map(), // message_id → view
    nodes: new Map(), // message_id → <li>
    commands: [],
    commandsKey: null,
    commandsTicket: 0,
    commandsTimer: null,
  };
  state.session = session;
  els.messages.replaceChildren();
  els.replyKeyboard.hidden = true;
  els.empty.hidden = true;
  closeMenu();
  els.menuButton.hidden = true;
  els.title.textContent = persona.name;
  els.sub.textContent = [persona.profile, `ID ${userId}`].filter(Boolean).join(" · ");
  els.avatar.textContent = initials(persona.name);
  els.avatar.style.setProperty("--hue", avatarHue(userId));
  document.title = `${persona.name} · Conserjería`;
  els.picker.hidden = true;
  els.workspace.hidden = false;
  document.body.classList.add("in-chat");
  selectTab(els.tabs[0]);
  els.input.value = "";
  autoGrow();
  els.input.focus();
  pollChanges(session);
  refreshCommands(session);
  state.outbox = state.outbox || startOutbox();
}

function closeChat() {
  const session = state.session;
  if (session) {
    session.active = false;
    session.abort.abort();
    clearTimeout(session.commandsTimer);
  }
  state.session = null;
  if (state.outbox) {
    state.outbox.stop();
    state.outbox = null;
  }
}

async function pollChanges(session) {
  while (session.active) {
    const query = new URLSearchParams({
      user_id: session.userId,
      since: session.revision,
      timeout: session.loaded ? LONG_POLL_SECONDS : 0,
    });
    if (session.epoch) query.set("epoch", session.epoch);
    let data;
    try {
      data = await api(`changes?${query}`, { signal: session.abort.signal });
    } catch {
      if (!session.active) return;
      setConnection(false);
      await sleep(1000);
      continue;
    }
    if (!session.active) return;
    setConnection(true);
    const fresh = !session.loaded || data.reset || (session.epoch && data.epoch !== session.epoch);
    if (fresh) {
      session.views.clear();
      session.nodes.clear();
      els.messages.replaceChildren();
    }
    session.epoch = data.epoch;
    session.revision = data.revision;
    applyMessages(session, data.messages, { initial: fresh });
    if (!fresh) for (const alert of data.alerts) showAnswer(alert);
    session.loaded = true;
  }
}

function showAnswer(alert) {
  if (alert.show_alert) showAlert(alert.text);
  else toast(alert.text);
}

function nearBottom() {
  const el = els.scroll;
  return el.scrollHeight - el.scrollTop - el.clientHeight < 120;
}

function scrollToBottom() {
  els.scroll.scrollTop = els.scroll.scrollHeight;
}

function applyMessages(session, views, { initial }) {
  const stick = initial || nearBottom();
  let botSpoke = false;
  let userSpoke = false;
  for (const view of views) {
    const id = view.message_id;
    const old = session.nodes.get(id);
    if (view.deleted) {
      if (old) old.remove();
      session.nodes.delete(id);
      session.views.delete(id);
      continue;
    }
    const node = renderMessage(session, view);
    if (old) {
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(node);
      if (hadFocus) focusAfterEdit(node);
    } else {
      insertInOrder(session, id, node);
      if (view.from === "user") userSpoke = true;
    }
    if (view.from === "bot") botSpoke = true;
    session.nodes.set(id, node);
    session.views.set(id, view);
  }
  els.empty.hidden = session.nodes.size > 0;
  updateReplyKeyboard(session);
  if (stick || userSpoke) scrollToBottom();
  if (botSpoke && !initial) scheduleCommands(session);
}

function insertInOrder(session, id, node) {
  let before = null;
  for (const [otherId, otherNode] of session.nodes) {
    if (otherId > id && (before === null || otherId < before.id)) before = { id: otherId, node: otherNode };
  }
  els.messages.insertBefore(node, before ? before.node : null);
}

function focusAfterEdit(node) {
  const button = node.querySelector(".inline-keyboard button:not([disabled])");
  (button || els.input).focus();
}

function altFor(view) {
  if (view.caption) return `Foto: ${view.caption}`;
  return view.from === "user" ? "Foto que enviaste" : "Foto enviada por el bot";
}

function renderMessage(session, view) {
  const mine = view.from === "user";
  const bubble = h("div", { class: "bubble" });
  bubble.append(h("span", { class: "visually-hidden" }, mine ? "Tú: " : "Bot: "));
  if (view.photo) {
    const img = h("img", {
      class: "photo",
      src: view.photo.url,
      alt: altFor(view),
      width: view.photo.width || null,
      height: view.photo.height || null,
      loading: "lazy",
    });
    img.addEventListener("load", () => {
      if (nearBottom()) scrollToBottom();
    });
    bubble.append(h("a", { href: view.photo.url, target: "_blank", class: "photo-link" }, img));
  }
  if (view.document) {
    const doc = view.document;
    const name = doc.file_name || "archivo";
    bubble.append(
      h(
        "a",
        { class: "document", href: doc.url, download: name, "aria-label": `Descargar ${name}` },
        h("span", { class: "document-icon", "aria-hidden": "true" }, documentIcon()),
        h(
          "span",
          { class: "document-text" },
          h("span", { class: "document-name" }, name),
          h("span", { class: "document-size" }, formatBytes(doc.file_size)),
        ),
      ),
    );
  }
  let body = null;
  if (view.text !== null && view.text !== undefined) body = richText(view.html, view.text);
  else if (view.caption) body = richText(view.caption_html, view.caption);
  if (body) {
    if (!mine) linkCommands(body);
    bubble.append(h("div", { class: view.photo || view.document ? "text caption" : "text" }, body));
  }
  const when = new Date(view.date * 1000);
  bubble.append(
    h(
      "span",
      { class: "meta" },
      view.edited ? h("span", { class: "edited" }, "editado") : null,
      h("time", { datetime: when.toISOString() }, timeFormat.format(when)),
    ),
  );
  const item = h(
    "li",
    { class: `message ${mine ? "from-user" : "from-bot"}`, dataset: { messageId: view.message_id } },
    bubble,
  );
  if (view.buttons && view.buttons.length) item.append(inlineKeyboard(session, view));
  return item;
}

function inlineKeyboard(session, view) {
  const keyboard = h("div", { class: "inline-keyboard", role: "group", "aria-label": "Botones" });
  for (const row of view.buttons) {
    const line = h("div", { class: "keyboard-row" });
    for (const button of row) {
      const href = safeHref(button.url);
      if (href) {
        line.append(
          h(
            "a",
            { class: "keyboard-button", href, target: "_blank", rel: "noopener noreferrer" },
            button.text,
            h("span", { "aria-hidden": "true" }, " ↗"),
          ),
        );
      } else if (button.callback_data) {
        line.append(
          h(
            "button",
            {
              type: "button",
              class: "keyboard-button",
              onclick: (event) => pressButton(session, view, button, event.currentTarget, keyboard),
            },
            button.text,
          ),
        );
      } else {
        line.append(h("button", { type: "button", class: "keyboard-button", disabled: true }, button.text));
      }
    }
    keyboard.append(line);
  }
  return keyboard;
}

async function pressButton(session, view, button, element, keyboard) {
  // While the press is on its way the keyboard is aria-disabled (not disabled: that would drop
  // the focus); the bot usually edits the message and a new keyboard replaces this one.
  if (keyboard.getAttribute("aria-disabled") === "true") return;
  keyboard.setAttribute("aria-disabled", "true");
  element.setAttribute("aria-busy", "true");
  element.classList.add("pressed");
  try {
    await api("click", {
      method: "POST",
      json: { user_id: session.userId, message_id: view.message_id, button: button.callback_data },
    });
  } catch (error) {
    if (error.status === 404) toast("Ese botón ya no está disponible.");
    else toast("No se pudo enviar el botón. Intenta de nuevo.");
  } finally {
    keyboard.removeAttribute("aria-disabled");
    element.removeAttribute("aria-busy");
    element.classList.remove("pressed");
  }
}

function updateReplyKeyboard(session) {
  let last = null;
  for (const view of session.views.values()) {
    if (view.from === "bot" && (last === null || view.message_id > last.message_id)) last = view;
  }
  const labels = last && Array.isArray(last.reply_keyboard) ? last.reply_keyboard.filter(Boolean) : [];
  els.replyKeyboard.replaceChildren(
    ...labels.map((label) =>
      h("button", { type: "button", class: "reply-button", onclick: () => sendText(label) }, label),
    ),
  );
  els.replyKeyboard.hidden = labels.length === 0;
}

// --- sending -----------------------------------------------------------------------------------

async function sendText(text) {
  const session = state.session;
  if (!session || !text.trim()) return false;
  try {
    await api("send", { method: "POST", json: { user_id: session.userId, text } });
    return true;
  } catch (error) {
    toast(`No se pudo enviar el mensaje (${error.message}).`);
    return false;
  } finally {
    els.input.focus();
  }
}

async function submitComposer() {
  const text = els.input.value;
  if (!text.trim()) {
    els.input.focus();
    return;
  }
  els.input.value = "";
  autoGrow();
  closeMenu();
  const sent = await sendText(text);
  if (!sent && !els.input.value) {
    els.input.value = text;
    autoGrow();
  }
}

els.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  submitComposer();
});

els.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submitComposer();
  }
});

function autoGrow() {
  els.input.style.height = "auto";
  els.input.style.height = `${Math.min(els.input.scrollHeight, 140)}px`;
}
els.input.addEventListener("input", autoGrow);

els.sayStart.addEventListener("click", () => sendText("/start"));

// --- the command menu --------------------------------------------------------------------------

function scheduleCommands(session) {
  // Now, and once more a little later (the bot may set the menu just after it answers).
  refreshCommands(session);
  if (session.commandsTimer) return;
  session.commandsTimer = setTimeout(() => {
    session.commandsTimer = null;
    refreshCommands(session);
  }, 600);
}

async function refreshCommands(session) {
  const ticket = (session.commandsTicket = (session.commandsTicket || 0) + 1);
  let commands;
  try {
    ({ commands } = await api(`commands?user_id=${session.userId}`, { signal: session.abort.signal }));
  } catch {
    return;
  }
  if (!session.active || ticket !== session.commandsTicket) return; // a newer answer wins
  const key = JSON.stringify(commands);
  if (key === session.commandsKey) return;
  session.commandsKey = key;
  session.commands = commands;
  els.menuButton.hidden = commands.length === 0;
  const hadFocus = els.commandMenu.contains(document.activeElement);
  els.commandMenu.replaceChildren(
    ...commands.map((command) =>
      h(
        "button",
        {
          type: "button",
          role: "menuitem",
          class: "command",
          tabindex: "-1",
          onclick: () => {
            closeMenu();
            sendText(`/${command.command}`);
          },
        },
        h("span", { class: "command-name" }, `/${command.command}`),
        h("span", { class: "command-description" }, command.description),
      ),
    ),
  );
  if (commands.length === 0) closeMenu({ focusButton: false });
  else if (hadFocus) menuItems()[0].focus();
  if (commands.length === 0 && hadFocus) els.input.focus();
}

function menuItems() {
  return [...els.commandMenu.querySelectorAll('[role="menuitem"]')];
}

function openMenu() {
  els.commandMenu.hidden = false;
  els.menuButton.setAttribute("aria-expanded", "true");
  const first = menuItems()[0];
  if (first) first.focus();
}

function closeMenu({ focusButton = false } = {}) {
  els.commandMenu.hidden = true;
  els.menuButton.setAttribute("aria-expanded", "false");
  if (focusButton) els.menuButton.focus();
}

els.menuButton.addEventListener("click", () => {
  if (els.commandMenu.hidden) openMenu();
  else closeMenu();
});

els.commandMenu.addEventListener("keydown", (event) => {
  const items = menuItems();
  const index = items.indexOf(document.activeElement);
  let next = null;
  if (event.key === "ArrowDown") next = items[(index + 1) % items.length];
  if (event.key === "ArrowUp") next = items[(index + items.length - 1) % items.length];
  if (event.key === "Home") next = items[0];
  if (event.key === "End") next = items[items.length - 1];
  if (event.key === "Escape" || event.key === "Tab") {
    if (event.key === "Escape") event.preventDefault();
    closeMenu({ focusButton: event.key === "Escape" });
    return;
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

document.addEventListener("click", (event) => {
  if (els.commandMenu.hidden) return;
  if (els.commandMenu.contains(event.target) || els.menuButton.contains(event.target)) return;
  closeMenu();
});

// --- photos and files --------------------------------------------------------------------------

const PHOTO_TYPES = /^image\/(jpeg|png|gif|webp|bmp)$/;
let pendingFile = null;
let previewUrl = null;

function chooseFile(file) {
  if (!state.session || !file) return;
  pendingFile = file;
  const isImage = PHOTO_TYPES.test(file.type);
  els.kindPhoto.disabled = !isImage;
  els.kindPhoto.checked = isImage;
  els.kindDocument.checked = !isImage;
  els.uploadCaption.value = "";
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = null;
  const info = h(
    "p",
    { class: "upload-name" },
    h("span", { class: "document-name" }, file.name || "archivo"),
    " · ",
    formatBytes(file.size),
  );
  if (isImage) {
    previewUrl = URL.createObjectURL(file);
    els.uploadPreview.replaceChildren(
      h("img", { src: previewUrl, alt: `Vista previa de ${file.name || "la foto"}` }),
      info,
    );
  } else {
    els.uploadPreview.replaceChildren(info);
  }
  updateUploadTitle();
  els.uploadDialog.showModal();
  els.uploadCaption.focus();
}

function updateUploadTitle() {
  els.uploadTitle.textContent = els.kindPhoto.checked ? "Enviar foto" : "Enviar archivo";
}
els.kindPhoto.addEventListener("change", updateUploadTitle);
els.kindDocument.addEventListener("change", updateUploadTitle);

function closeUpload() {
  if (els.uploadDialog.open) els.uploadDialog.close();
}

els.uploadDialog.addEventListener("close", () => {
  pendingFile = null;
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = null;
  els.uploadPreview.replaceChildren();
  els.fileInput.value = "";
  els.input.focus();
});

els.uploadCancel.addEventListener("click", closeUpload);

els.uploadForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const session = state.session;
  const file = pendingFile;
  if (!session || !file) {
    closeUpload();
    return;
  }
  const kind = els.kindPhoto.checked ? "photo" : "document";
  const form = new FormData();
  form.append("user_id", String(session.userId));
  form.append("file", file, file.name || (kind === "photo" ? "foto.jpg" : "archivo"));
  const caption = els.uploadCaption.value.trim();
  if (caption) form.append("caption", caption);
  closeUpload();
  try {
    await api(`send_${kind}`, { method: "POST", form });
  } catch (error) {
    toast(`No se pudo subir el archivo (${error.message}).`);
  }
});

els.attachButton.addEventListener("click", () => els.fileInput.click());
els.fileInput.addEventListener("change", () => {
  const file = els.fileInput.files && els.fileInput.files[0];
  if (file) chooseFile(file);
});

// Drag and drop onto the chat.
const chatPane = $("pane-chat");
let dragDepth = 0;
const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");

chatPane.addEventListener("dragenter", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth += 1;
  els.dropZone.hidden = false;
});
chatPane.addEventListener("dragover", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "copy";
});
chatPane.addEventListener("dragleave", (event) => {
  if (!hasFiles(event)) return;
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) els.dropZone.hidden = true;
});
chatPane.addEventListener("drop", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth = 0;
  els.dropZone.hidden = true;
  const file = event.dataTransfer.files[0];
  if (file) chooseFile(file);
});
// A file dropped elsewhere must not make the browser navigate away from the chat.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());

// --- the outbox panes (SMS and e-mail) ---------------------------------------------------------

function statusBadge(status) {
  return h("span", { class: `status status-${status}` }, STATUS_LABELS[status] || status || "");
}

function formatWhen(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime())
    ? h("span", {}, iso || "")
    : h("time", { datetime: when.toISOString() }, dateTimeFormat.format(when));
}

function renderSms(sms) {
  return h(
    "li",
    { class: "outbox-item sms" },
    h(
      "div",
      { class: "outbox-head" },
      h("span", { class: "outbox-to" }, `Para: ${sms.to}`),
      statusBadge(sms.status),
    ),
    h("p", { class: "sms-body" }, sms.body),
    h("p", { class: "outbox-when" }, formatWhen(sms.created_at)),
  );
}

function renderEmail(email, open) {
  const details = h("details", { class: "email-details" });
  const subject = email.subject || "(sin asunto)";
  details.append(
    h(
      "summary",
      {},
      h("span", { class: "email-subject" }, subject),
      h(
        "span",
        { class: "outbox-head" },
        h("span", { class: "outbox-to" }, `Para: ${email.to}`),
        statusBadge(email.status),
      ),
      h("span", { class: "outbox-when" }, formatWhen(email.created_at)),
    ),
  );
  const body = h("div", { class: "email-body" });
  details.append(body);
  const fill = () => {
    if (body.childElementCount) return;
    if (email.html) {
      const frame = document.createElement("iframe");
      // Sandboxed: no scripts, no forms, no same-origin access; the e-mail is untrusted.
      frame.setAttribute("sandbox", "");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.setAttribute("title", `Correo: ${subject}`);
      frame.className = "email-frame";
      // The page's policy is inherited, but the frame pins its own too: no remote images
      // (tracking pixels), no fetches; only inline styles and embedded data.
      frame.setAttribute("csp", EMAIL_FRAME_CSP);
      const framed = (page) =>
        `<meta http-equiv="Content-Security-Policy" content="${EMAIL_FRAME_CSP}">${page}`;
      body.append(frame);
      if (email.images && Object.keys(email.images).length) {
        inlineImages(email.html, email.images).then((page) => {
          frame.srcdoc = framed(page);
        });
      } else {
        frame.srcdoc = framed(email.html);
      }
      if (email.text) {
        body.append(
          h(
            "details",
            { class: "email-text-version" },
            h("summary", {}, "Versión de texto"),
            h("pre", { class: "email-text" }, email.text),
          ),
        );
      }
    } else {
      body.append(h("pre", { class: "email-text" }, email.text || ""));
    }
  };
  details.addEventListener("toggle", () => {
    if (details.open) fill();
  });
  if (open) {
    details.open = true;
    fill();
  }
  return h("li", { class: "outbox-item email" }, details);
}

function syncList(list, empty, rows, cache, render) {
  // Rows come oldest first and keep their position; show the newest on top.
  let added = 0;
  rows.forEach((row, index) => {
    const key = JSON.stringify(row);
    const cached = cache[index];
    if (cached && cached.key === key) return;
    const open = cached ? Boolean(cached.node.querySelector("details[open]")) : false;
    const node = render(row, open);
    if (cached) cached.node.replaceWith(node);
    else {
      list.prepend(node);
      node.classList.add("fresh");
      added += 1;
    }
    cache[index] = { key, node };
  });
  while (cache.length > rows.length) cache.pop().node.remove();
  empty.hidden = rows.length > 0;
  return added;
}

// An e-mail's inline images (cid:…) as data: URLs, the only images its frame may show.
async function inlineImages(page, images) {
  for (const [cid, url] of Object.entries(images)) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status}`);
      const blob = await response.blob();
      const dataUrl = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
      page = page.split(`cid:${cid}`).join(dataUrl);
    } catch {
      // the image is gone: the e-mail shows without it, as when it is sent
      page = page.split(`cid:${cid}`).join("");
    }
  }
  return page;
}

function startOutbox() {
  const poller = {
    running: true,
    sms: [],
    emails: [],
    first: true,
    stop() {
      this.running = false;
    },
    markSeen(tabId) {
      if (tabId === "tab-sms") this.unseenSms = 0;
      if (tabId === "tab-email") this.unseenEmails = 0;
    },
    unseenSms: 0,
    unseenEmails: 0,
  };
  const badge = (tabId, count) => {
    const el = $(tabId).querySelector(".badge");
    el.replaceChildren(String(count), h("span", { class: "visually-hidden" }, " nuevos"));
    el.hidden = count === 0;
  };
  const tick = async () => {
    while (poller.running) {
      try {
        const [sms, emails] = await Promise.all([api("sms"), api("emails")]);
        if (!poller.running) return;
        const newSms = syncList(els.smsList, els.smsEmpty, sms.sms, poller.sms, renderSms);
        const newEmails = syncList(els.emailList, els.emailEmpty, emails.emails, poller.emails, renderEmail);
        if (!poller.first) {
          if (newSms && !tabVisible("tab-sms")) poller.unseenSms += newSms;
          if (newEmails && !tabVisible("tab-email")) poller.unseenEmails += newEmails;
        } else {
          for (const item of document.querySelectorAll(".outbox-item.fresh")) item.classList.remove("fresh");
        }
        badge("tab-sms", poller.unseenSms);
        badge("tab-email", poller.unseenEmails);
        poller.first = false;
        els.smsList.setAttribute("aria-busy", "false");
        els.emailList.setAttribute("aria-busy", "false");
      } catch {
        if (!poller.running) return;
      }
      await sleep(OUTBOX_POLL_MS);
    }
  };
  els.smsList.replaceChildren();
  els.emailList.replaceChildren();
  els.smsList.setAttribute("aria-busy", "true");
  els.emailList.setAttribute("aria-busy", "true");
  tick();
  return poller;
}

// --- start -------------------------------------------------------------------------------------

window.addEventListener("hashchange", route);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !els.commandMenu.hidden) closeMenu({ focusButton: true });
});

await loadPersonas();
route();
