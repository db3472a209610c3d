"""Civic participation strengthening roadmap engine (Sivil Katılım Güçlendirme Yol Haritası)."""

__version__ = "0.1.0"
