/**
 * The public site's own styles: its frame (header, content, footer) and the listing, which are drawn
 * without antd so that the first page needs no antd JavaScript or CSS-in-JS (README, Fast 3G). They
 * look as antd's did (its tokens: 14 px text, 6 px radius, #d9d9d9 borders, the theme's red and link
 * blue). Rendered by PublicApp as a <style> element (the CSP allows inline styles, not scripts), so a
 * server-drawn page is styled at its first byte, without a stylesheet's extra round trip; no `<` or `&`
 * in it, so React's markup and the hydrated text are the same.
 */
export const PUBLIC_CSS = `
body{margin:0;background:#f5f5f5;color:rgba(0,0,0,.88);font-size:14px;line-height:1.5715;
font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif,'Apple Color Emoji','Segoe UI Emoji'}
.wz-layout{display:flex;flex-direction:column;min-height:100vh}
.wz-skip{position:absolute;left:-9999px;top:8px;z-index:10;background:#fff;padding:4px 8px}
.wz-skip:focus{left:8px}
.wz-header{display:flex;flex-wrap:wrap;align-items:center;column-gap:24px;row-gap:4px;min-height:64px;box-sizing:border-box;
line-height:32px;padding:8px clamp(16px,4vw,50px);background:#8b0000;color:#fff}
.wz-header a{color:#fff;text-decoration:none}
.wz-header .wz-site{font-size:18px;font-weight:600;white-space:nowrap}
.wz-header nav{display:flex;flex-wrap:wrap;column-gap:20px}
.wz-header nav a[aria-current=page]{font-weight:700;border-bottom:2px solid #fff}
.wz-content{flex:auto;padding:24px 16px;max-width:1100px;width:100%;margin:0 auto;box-sizing:border-box}
.wz-footer{text-align:center;color:#595959;padding:24px 50px}
.wz-title{font-size:24px;font-weight:600;line-height:1.35;margin:0 0 16px}
.wz-filters{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 16px}
.wz-filters input,.wz-filters select,.wz-filters button,.wz-more{font:inherit;font-size:14px;height:32px;box-sizing:border-box;
border:1px solid #d9d9d9;border-radius:6px;background:#fff;color:rgba(0,0,0,.88)}
.wz-filters input,.wz-filters select{padding:4px 11px}
.wz-filters input::placeholder{color:#6b6b6b}
.wz-filters input:focus,.wz-filters select:focus{outline:2px solid rgba(183,28,28,.25);border-color:#b71c1c}
.wz-q{display:flex;flex:1 1 220px;max-width:360px}
.wz-q input{flex:1;min-width:0;border-radius:6px 0 0 6px}
.wz-q button{border-radius:0 6px 6px 0;border-color:#b71c1c;background:#b71c1c;color:#fff;padding:4px 15px;cursor:pointer}
.wz-list{display:flex;flex-direction:column;gap:12px}
.wz-item{background:#fff;border:1px solid #f0f0f0;border-radius:8px;padding:12px 16px}
.wz-item h2{font-size:17px;font-weight:600;line-height:1.4;margin:0}
.wz-item h2 a{color:#0050b3;text-decoration:none}
.wz-item h2 a:hover{color:#003a8c}
.wz-meta{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin:6px 0}
.wz-tag{display:inline-block;font-size:12px;line-height:20px;padding:0 7px;border:1px solid #d9d9d9;border-radius:4px;background:#fafafa;white-space:nowrap}
.wz-tag[style]{border-color:transparent;color:#fff}
.wz-secondary{color:#595959}
.wz-clamp{margin:0;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}
.wz-more{display:flex;align-items:center;justify-content:center;text-decoration:none;padding:4px 15px}
.wz-empty{padding:32px 0;text-align:center;color:#595959}
`;
