/**
 * The languages the web console is translated into: the one list a person's `locale` may take
 * (PATCH /v1/me validates against it; the OpenAPI document shows it as an enum).
 */
export const CONSOLE_LOCALES = ['en', 'fr'] as const;
export type ConsoleLocale = (typeof CONSOLE_LOCALES)[number];
