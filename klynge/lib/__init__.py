"""Small helpers with no Django in them."""
