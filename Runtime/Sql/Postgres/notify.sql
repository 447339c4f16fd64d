SELECT pg_notify('od_work', '');
