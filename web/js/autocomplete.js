// Place picker: a text input with a listbox of api/places suggestions (keyboard and mouse).
// The chosen place's id is kept in input.dataset.id; typing clears it, and an unresolved text is
// sent as is (the server resolves names and aliases and answers 404 with suggestions).
import { api } from './api.js';

export class PlacePicker {
  constructor(input, list, onPick) {
    this.input = input;
    this.list = list;
    this.onPick = onPick;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.abort = null;
    input.addEventListener('input', () => {
      delete input.dataset.id;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), 120);
    });
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    input.addEventListener('focus', () => {
      if (input.value && !input.dataset.id) this.search();
    });
  }

  // The value to send: the picked id, else the typed text.
  value() {
    return this.input.dataset.id || this.input.value.trim();
  }

  set(place) {
    this.input.value = place ? place.name : '';
    if (place) this.input.dataset.id = place.id;
    else delete this.input.dataset.id;
  }

  async search() {
    const q = this.input.value.trim();
    if (!q) return this.close();
    this.abort?.abort();
    this.abort = new AbortController();
    try {
      this.items = await api.places(q, 8, this.abort.signal);
    } catch (e) {
      if (e.name === 'AbortError' || e.code === 'unreachable') return;
      this.items = [];
    }
    if (document.activeElement !== this.input) return;
    this.render();
  }

  render() {
    this.active = this.items.length ? 0 : -1;
    this.list.replaceChildren(...this.items.map((p, i) => {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.dataset.id = p.id;
      li.dataset.testid = 'suggestion';
      const name = document.createElement('span');
      name.textContent = p.name;
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = `${p.kind.replace('_', ' ')} · ${p.country}`;
      li.append(name, meta);
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        this.pick(i);
      });
      return li;
    }));
    this.list.hidden = this.items.length === 0;
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
    this.highlight();
  }

  highlight() {
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
  }

  key(e) {
    if (this.list.hidden) {
      if (e.key === 'Enter') this.onPick?.(null);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = this.items.length;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.highlight();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.active >= 0) this.pick(this.active);
    } else if (e.key === 'Escape') {
      this.close();
    }
  }

  pick(i) {
    const p = this.items[i];
    this.set(p);
    this.close();
    this.onPick?.(p);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
