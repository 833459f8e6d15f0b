self.stepwiseSearchIndex={"version":2,"pages":[
["register/index.html",""]
]};
