/* Internal side of the date parser (date.c): calendar arithmetic shared with
 * other stages, and a richer variant of marsad_dates_find that says how each
 * date was read (Hijri conversion, a weekday dropped because it disagreed).
 * The public API is in include/marsad.h under "Dates". */
#ifndef MARSAD_EXTRACT_DATE_H
#define MARSAD_EXTRACT_DATE_H

#include "marsad.h"

#include <stdbool.h>
#include <stdint.h>

/* How a found date was read (mr_date_found.flags). */
enum {
    /* Written in the Hijri calendar and converted (mr_hijri_to_days): may be
     * a day off where the writer's calendar follows a moon sighting. */
    MR_DATE_HIJRI = 1 << 0,
    /* The text named a weekday that contradicts the date: the weekday was
     * dropped (weekday = 0) and the date kept. */
    MR_DATE_WEEKDAY_DROPPED = 1 << 1,
    /* The year was not written: it was taken from the reference (the nearest
     * such day, or the month "الماضي"/"last" points at). */
    MR_DATE_YEAR_INFERRED = 1 << 2,
    /* Not a full date: a year, a month, or a day and month without a year
     * (or a relative date left unresolved). */
    MR_DATE_PARTIAL = 1 << 3,
};

typedef struct mr_date_found {
    marsad_date_match m;
    unsigned flags; /* MR_DATE_* */
} mr_date_found;

/* marsad_dates_find with the flags above. Same contract. */
size_t mr_dates_find_ex(const char *text, size_t len, const marsad_date *reference,
                        mr_date_found *out, size_t max);

/* Days since 1970-01-01 of a proleptic Gregorian date (the month is clamped
 * to 1..12, the day not checked). */
int64_t mr_days_from_civil(int year, int month, int day);
/* The inverse of mr_days_from_civil. */
void mr_civil_from_days(int64_t days, int *year, int *month, int *day);
/* ISO weekday (1 Monday .. 7 Sunday) of a day count from mr_days_from_civil. */
int mr_weekday_from_days(int64_t days);
/* Days in a Gregorian month; year 0 means "unknown" and allows 29 February. */
int mr_days_in_month(int year, int month);

/* Hijri (AH) dates. 1300..1600 AH follow Umm al-Qura, the Saudi official
 * calendar (from ICU's islamic-umalqura tables); other years, the tabular
 * calendar (30-year cycle, leap years 2 5 7 10 13 16 18 21 24 26 29, civil
 * epoch 16 July 622 Julian), which stays within a day or two of it. Returns
 * false when the date does not exist (month 1..12, day 1..29 or 30). */
bool mr_hijri_to_days(int hyear, int hmonth, int hday, int64_t *days);
/* The Hijri date of a day count (days since 1970-01-01), same calendars. */
void mr_hijri_from_days(int64_t days, int *hyear, int *hmonth, int *hday);
/* The tabular calendar alone, whatever the year. */
bool mr_hijri_tabular_to_days(int hyear, int hmonth, int hday, int64_t *days);

#endif
