-- schemaguard:txmode sometimes

SELECT 1;
