// The product's mark and wordmark (the favicon's ring and core, then "OVM"), drawn inline so that
// it follows the theme's text colour.

export function Logo({ height = 32 }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 150 40" height={height} role="img" aria-label="OVM" id="ovm-logo">
      <rect width="40" height="40" rx="8" fill="#0066cc" />
      <circle cx="20" cy="20" r="10.5" fill="none" stroke="#fff" strokeWidth="4.5" />
      <rect x="17" y="17" width="6" height="6" rx="1.2" fill="#fff" />
      <text x="50" y="30" fontFamily="RedHatDisplay, 'Red Hat Display', Helvetica, Arial, sans-serif" fontSize="28"
        fontWeight="700" fill="currentColor" letterSpacing="2">OVM</text>
    </svg>
  );
}
