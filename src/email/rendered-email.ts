/** What every template returns: a one-line subject and the two parts of a multipart email. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
