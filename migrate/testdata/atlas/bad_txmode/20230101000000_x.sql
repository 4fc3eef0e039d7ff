-- atlas:txmode all

SELECT 1;
