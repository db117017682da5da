"""The chat kit: what every feature's handlers and flows are built from.

- `context`: typed dependencies (`BotContext`, `AppDeps`, `ChatConfig`);
- `callbacks`: namespaced callback data, packed and parsed in one place;
- `replies`: reply, edit in place, refuse on the button, escape and cut free text;
- `guards`: the authorization edge (`permit`, `property_in_scope`) with named results;
- `flow`: the conversation builder with the house rules, typed drafts, the typed-input filters;
- `widgets`: the paginated picker and the confirm step;
- `menus`: menu entries and who sees which.
"""
