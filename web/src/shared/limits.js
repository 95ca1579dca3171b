// Limits the server enforces, mirrored so a form can say so before it sends.

/** A decision's reason (reviews, same-as, flags): graph/records/property_types.py REASON_MAX. */
export const MAX_REASON = 2000;
