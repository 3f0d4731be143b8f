96715 grid ticket ${number}: ${category}<#if address??>, at ${address}</#if><#if deadline??>, due ${deadline}</#if>.
