SELECT 1;
SELECT 'no newline at end'