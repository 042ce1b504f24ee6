"""WeChat protocol edge: signatures, safe-mode crypto, XML parsing, passive replies, replay guard."""
