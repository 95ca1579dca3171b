"""Synthetic data, outside the layers: the demo city (`city`) and the records-abroad
service (`abroad`). They import `graph`; nothing in `graph`, `api` or `web` imports them."""
