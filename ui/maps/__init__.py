"""Maps: the city overview and map pictures with cameras placed on them."""
