"""Operations keeps no models of its own: sign-in failures live in django-axes' tables."""
