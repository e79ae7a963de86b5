{#- The generated 繁體 cells of an essay, made from their Simplified neighbours as soon as the body
    is parsed, before the first paint of what follows (see slowcinema/hant_copy.py, which checks that
    this gives exactly OpenCC's text, and whose `apply` is `v` below). The table (data-sca-hant on the
    article) has one run of character pairs, then "key=value" or "keyvalue" entries, joined by "|".
    Each clone's ids take "--hant", and its links to an id in any Simplified cell follow (written
    "#id", or made absolute by Material's instant navigation). Inlined in the page: an external
    script could let a paint show the page without them. Until the class sca-hant is on the
    article, sca.css keeps what follows the body (the citation) out of the 繁體 mode, so nothing
    painted there can be pushed down by the copies. -#}
(function(a){var m=new Map,d=new Set,n=1,f=a.dataset.scaHant.split("|"),c=f.shift(),i,h,e,x,y,k,q="querySelectorAll",z=a[q]('.sca-row>[lang="zh-Hans"]');for(i=0;i<c.length;i+=2)m.set(c[i],c[i+1]);for(e of f)i=e.indexOf("="),h=i<0?e.length/2:i,m.set(e.slice(0,h),e.slice(i<0?h:h+1)),n=Math.max(n,h);function v(s){for(var o="",p=0,l,t;p<s.length;p+=l||1){for(l=n;l&&!m.has(t=s.substr(p,l));l--);o+=l?m.get(t):s[p]}return o}for(e of z)for(x of e[q]("[id]"))d.add(x.id);for(e of z){if((x=e.nextElementSibling)&&x.lang=="zh-Hant")continue;x=e.cloneNode(!0);x.lang="zh-Hant";for(h=document.createTreeWalker(x,4);y=h.nextNode();)y.data=v(y.data);for(y of x[q]("[title],[alt]"))for(k of["title","alt"])y.hasAttribute(k)&&y.setAttribute(k,v(y.getAttribute(k)));for(y of x[q]("[id]"))y.id+="--hant";for(y of x[q]("a[href*='#']")){try{h=decodeURIComponent(y.hash.slice(1))}catch(_){h=""}y.pathname==location.pathname&&d.has(h)&&(y.hash=h+"--hant")}e.after(x)}a.classList.add("sca-hant")})(document.currentScript.parentNode)
