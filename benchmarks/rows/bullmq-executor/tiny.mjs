// The job of every column: as small as a job gets, so that what is measured is the trip.
export function increment(n) {
  return n + 1;
}
